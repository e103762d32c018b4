import Foundation
import CINModel

extension CensusBuilder {
    /// The merged records, sorted and linked, and the report. The builder must not be used
    /// afterwards: its records have been moved out.
    func finish() -> (CensusData, LoadReport) {
        // The merge indexes are no longer needed: freed before sorting (peak memory on national files).
        childIndex = ChildIDIndex()
        episodeIndex = ChainIndex(); assessmentIndex = ChainIndex(); section47Index = ChainIndex()
        planIndex = ChainIndex(); cinPlanIndex = ChainIndex()
        reported = []
        // With one authority (or none named), a problem's child ID alone says who it is: problems
        // name the authority only when there are several, so single-authority output is unchanged.
        let firstAuthority = data.children.first?.authority
        if data.authorities.count <= 2 && data.children.allSatisfy({ $0.authority == firstAuthority }) { report.clearAuthorities() }
        data.returnYears = years.sorted()
        noteBirthDatePrecision(data.children)
        // Moved out rather than copied, so that sorting works on the only reference to each array.
        var out = CensusData()
        swap(&out, &data)
        CensusSort.sortAndLink(&out)
        return (out, report)
    }

    /// Birth dates (nearly) all on the 1st: one note for the load, and the counts on the report.
    private func noteBirthDatePrecision(_ children: [ChildRecord]) {
        let precision = BirthDatePrecision(children)
        report.birthDatePrecision = precision
        guard precision.monthOnly else { return }
        report.add(LoadProblem(file: report.files.count == 1 ? report.files[0] : "(all files)", line: 0, childID: "",
                               rule: .monthOnlyBirthDates, action: .kept,
                               detail: "\(precision.onFirstOfMonth) of \(precision.known) birth dates fall on the 1st of the month: they look cut to the month (liiatools does this), so age bands are approximate"))
    }
}

/// The finish of a load: merged records, in the order they were first read, become the sorted,
/// linked arrays `CensusData` promises (episodes by child and referral date, each episode's records
/// by date, with offsets from parent to children).
enum CensusSort {
    static func sortAndLink(_ data: inout CensusData) {
        // Episodes by (child, referral date).
        var episodes: [EpisodeRecord] = []
        swap(&episodes, &data.episodes)
        let epOrder = ParentOrder.stable(count: episodes.count, parentCount: data.children.count,
                                         parent: { Int(episodes[$0].child) }, date: { episodes[$0].referralDate.number })
        var epNew = [Int32](repeating: 0, count: episodes.count)
        for (newIdx, old) in epOrder.enumerated() { epNew[Int(old)] = Int32(newIdx) }
        // Assessments (the most records) are relinked and sorted on a second thread meanwhile.
        let episodeCount = episodes.count
        let assessments = SendableBox<[AssessmentRecord]>([])
        swap(&assessments.value, &data.assessments)
        let assessmentStart = SendableBox<[Int32]>([])
        let relinkedEpisodes = epNew
        let done = DispatchSemaphore(value: 0)
        let relinkAssessments = {
            relink(&assessments.value, to: relinkedEpisodes)
            assessmentStart.value = offsets(parents: assessments.value.map(\.episode), parentCount: episodeCount)
            done.signal()
        }
        // Without memory for a thread, here and now.
        if !DetachedThread.start(relinkAssessments) { relinkAssessments() }
        data.episodes = epOrder.map { episodes[Int($0)] }
        episodes = []
        data.episodeStart = offsets(parents: data.episodes.map(\.child), parentCount: data.children.count)
        relink(&data.protectionPlans, to: epNew)
        data.planStart = offsets(parents: data.protectionPlans.map(\.episode), parentCount: data.episodes.count)
        relink(&data.section47s, to: epNew)
        relink(&data.cinPlans, to: epNew)
        done.wait()
        swap(&data.assessments, &assessments.value)
        data.assessmentStart = assessmentStart.value
    }

    /// Points each record at its episode's new index and sorts by (episode, date).
    ///
    /// The records are gathered into a new array, not permuted in place: following a permutation's
    /// cycles is a chain of dependent cache misses (over a national file's 100 MB of assessments, 4.7% of
    /// a flat report's CPU, docs/performance.md), where a gather's reads are independent. The second
    /// copy is made after the merge indexes are freed, below the load's peak.
    static func relink<T: EpisodeChildRecord>(_ records: inout [T], to epNew: [Int32]) {
        for i in records.indices { records[i].episode = epNew[Int(records[i].episode)] }
        let order = ParentOrder.stable(count: records.count, parentCount: epNew.count, parent: { Int(records[$0].episode) },
                                       date: { records[$0].sortDate?.number ?? Int32.min })
        ParentOrder.gather(&records, by: order)
    }

    /// CSR offsets for records sorted by parent index.
    static func offsets(parents: [Int32], parentCount: Int) -> [Int32] {
        var counts = [Int32](repeating: 0, count: parentCount + 1)
        for p in parents { counts[Int(p) + 1] += 1 }
        for i in 0..<parentCount { counts[i + 1] += counts[i] }
        return counts
    }
}

/// A record that belongs to an episode and is ordered within it by a date.
protocol EpisodeChildRecord {
    var episode: Int32 { get set }
    var sortDate: Day? { get }
}

extension AssessmentRecord: EpisodeChildRecord { var sortDate: Day? { startDate ?? authorisationDate } }
extension ProtectionPlanRecord: EpisodeChildRecord { var sortDate: Day? { startDate } }
extension Section47Record: EpisodeChildRecord { var sortDate: Day? { startDate } }
extension CINPlanRecord: EpisodeChildRecord { var sortDate: Day? { startDate } }
