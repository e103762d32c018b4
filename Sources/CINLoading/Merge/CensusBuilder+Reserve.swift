import CINModel

extension CensusBuilder {
    /// Makes room at once for the records a load is expected to end with: `scale` times those held now
    /// (the input's size over the bytes read so far), and a tenth more.
    ///
    /// Why: an array that grows by doubling copies its records into a new block each time, and every
    /// page of the new block is faulted in and zeroed by the kernel while the old one is unmapped. On a
    /// national flat file those copies were half the load's page faults (`perf record -e page-faults`,
    /// docs/performance.md). A reserved block is only address space until it is written, so a projection
    /// that is too high costs no memory, and one that is too low leaves the ordinary growth to finish.
    /// The records, their order and what a lookup finds do not change. The child index is left to grow:
    /// at its final size from a 32nd of the file on, its early lookups spread over a table many times
    /// larger and missed more than the rehashing it saved (`perf record`, docs/performance.md).
    func reserve(scale: Double) {
        guard scale.isFinite, scale > 1 else { return }
        /// Indexes are Int32, so no store holds more than Int32.max records.
        func room(_ count: Int) -> Int { Int(min(Double(count) * scale * 1.1, Double(Int32.max))) }
        let children = room(data.children.count), episodes = room(data.episodes.count)
        data.children.reserveCapacity(children)
        data.episodes.reserveCapacity(episodes)
        data.assessments.reserveCapacity(room(data.assessments.count))
        data.section47s.reserveCapacity(room(data.section47s.count))
        data.protectionPlans.reserveCapacity(room(data.protectionPlans.count))
        data.cinPlans.reserveCapacity(room(data.cinPlans.count))
        episodeIndex.reserve(parents: children, records: room(episodeIndex.count))
        assessmentIndex.reserve(parents: episodes, records: room(assessmentIndex.count))
        section47Index.reserve(parents: episodes, records: room(section47Index.count))
        planIndex.reserve(parents: episodes, records: room(planIndex.count))
        cinPlanIndex.reserve(parents: episodes, records: room(cinPlanIndex.count))
    }
}
