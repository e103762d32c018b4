import CohortEngine
import Foundation

/// The earlier releases of an extract a reader may already hold (the release ledger's), read back for a new
/// release to be protected, or checked, together with them (docs/privacy.md, "Releases read together").
/// Shared by `cinx report` and the explorer's exports.
public enum EarlierReleases {
    /// Why an earlier release cannot be read as one of these children: one line for the user.
    public struct Failure: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// Tables whose counts depend on the follow-up window or the need episode: an earlier release made with
    /// other settings publishes other numbers under these names, so they are left out of it.
    public static let followUpTables: Set<String> = [ReportTable.dimension(.need).name, ReportTable.dimension(.outcomes).name,
                                                     ReportTable.dimension(.protectionCategory).name, ReportTable.trend.name]

    /// The ledger's earlier releases of this extract and year, each read back and its true counts worked out
    /// again from `engine`'s extract. Left out: the standard release itself (made the same way, it is the
    /// release every other is protected beside already). A damaged entry, or one whose shown counts are not
    /// this extract's, is an error: the ledger is what later releases are protected against.
    public static func held(entries: [LedgerEntry], engine: CohortEngine, threshold: Int, protection: Int?) throws(Failure) -> [HeldRelease] {
        var out: [HeldRelease] = []
        let s = engine.settings
        for entry in entries {
            guard case .success(let contents) = Result(catching: { () throws(ReleaseDirectory.ReadError) in try entry.contents() }) else {
                throw Failure(reason: "release ledger entry \(entry.id): its tables cannot be read (cinx ledger show \(entry.id))")
            }
            guard case .success(let manifest) = Result(catching: { () throws(LedgerError) in try entry.manifest() }) else {
                throw Failure(reason: "release ledger entry \(entry.id): its release.json cannot be read (cinx ledger show \(entry.id))")
            }
            var release = contents.release
            // Another reading of who is in the population or in which cohort publishes other counts of other
            // children under the same names: it is not read as these children's (docs/definitions.md, "Readings").
            let other = manifest.readings ?? [:]
            let membershipDiffers = ReadingChoice.allCases.contains { c in
                c.changesMembership && (other[c.rawValue] ?? c.defaultReading) != c.reading(in: s)
            }
            if membershipDiffers { continue }
            let sameReadings = manifest.readingKey == ReleaseManifest.readingKey(of: s)
            let standardCohorts = release.cohorts.allSatisfy { c in CohortDefinition.standard.contains { $0.id == c.id && $0.expression == c.rule } }
            let isLinked = { (t: PublishedRelease.Table) in ReadingComparison.isLinkedName(t.name) }
            if release.filter.isEmpty && standardCohorts && manifest.suppression.threshold == threshold
                && manifest.suppression.protection == (protection ?? threshold) && manifest.followUpYears == s.followUpYears
                && sameReadings {
                // The standard release is held already; a side by side's tables published with it (`--compare`) are
                // read beside it, hidden from 0 (docs/privacy.md, "Readings side by side").
                release.tables.removeAll { !isLinked($0) }
                if release.tables.isEmpty { continue }
                release.hiddenMinimum = 0
            } else {
                // A side by side is read only beside releases of its own settings and readings, whose standard
                // release it was protected with.
                release.tables.removeAll(where: isLinked)
            }
            let windowFrom = other[ReadingChoice.windowFrom.rawValue] ?? ReadingChoice.windowFrom.defaultReading
            if manifest.followUpYears != s.followUpYears || manifest.needEpisode != s.needEpisode.rawValue
                || windowFrom != s.windowFrom.rawValue {
                release.tables.removeAll { followUpTables.contains($0.name) }
            }
            if (other[ReadingChoice.ageAt.rawValue] ?? ReadingChoice.ageAt.defaultReading) != s.ageAt.rawValue {
                release.tables.removeAll { $0.name == ReportTable.dimension(.ageBand).name }
            }
            release.tables.removeAll { $0.name == ReportTable.trend.name }
            guard !release.tables.isEmpty else { continue }
            switch Result(catching: { () throws(ReportTables.HeldReleaseMismatch) in try ReportTables.held(engine: engine, release, name: "ledger entry \(entry.id)") }) {
            case .success(let held): out.append(held)
            case .failure(let e): throw Failure(reason: "release ledger: \(e.reason)")
            }
        }
        return out
    }

    /// The writer's audit of a release beside earlier ones: the standard release, the earlier releases and
    /// this one read together, as a reader holding all of them reads them. The narrow cells, named only
    /// (never their ranges); empty when clean.
    public static func narrowTogether(_ release: ProtectedRelease, earlier: [HeldRelease], engine: CohortEngine, names: [String],
                                      threshold: Int, filter: Filter, protection: Int?) -> [String] {
        guard !earlier.isEmpty else { return [] }
        let standardCohorts = engine.cohorts.filter { CohortDefinition.standard.contains($0) }
        var e = engine
        e.replaceCohorts(standardCohorts)
        let standard = ReleaseCheck.published(ReportTables.release(engine: e, names: names, threshold: threshold, protection: protection),
                                              cohorts: standardCohorts, filter: .none, populationPrinted: false)
        let new = ReleaseCheck.published(release, cohorts: engine.cohorts, filter: filter, populationPrinted: false)
        let releases = [standard] + earlier.map(\.published) + [new]
        guard let results = DisclosureAudit.audit(together: releases, protection: protection ?? threshold) else {
            return ["(more value conditions than can be read together)"]
        }
        if results.contains(where: { !$0.consistent }) { return ["(the releases contradict each other)"] }
        let names = ["the standard release"] + earlier.map(\.name) + ["this release"]
        return zip(names, results).flatMap { n, r in r.failures.map { "\(n): \($0.table) \($0.cohort) \($0.column)" } }
    }
}
