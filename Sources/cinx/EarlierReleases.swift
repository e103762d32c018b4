import ArgumentParser
import CINRelease
import CohortEngine
import Foundation

/// Releases of the same extract and year a reader may already hold, read back for a new release to be
/// protected together with them (docs/privacy.md, "Releases read together").
enum EarlierReleases {
    /// Prints the reason and gives the exit status: 2, a release that cannot be read together.
    static func fail(_ reason: String) -> ExitCode {
        CLIOutput.error(reason)
        return ExitCode(2)
    }

    /// Each directory read as a reader holds it, and its true counts worked out again from `engine`'s extract.
    /// A directory of another year or follow-up, or whose shown counts are not this extract's, is an error:
    /// reading it as these children would be wrong.
    static func held(directories: [String], engine: CohortEngine) throws -> [HeldRelease] {
        try directories.map { directory in
            let contents: ReleaseDirectory.Contents
            do { contents = try ReleaseDirectory.read(directory) } catch let e as ReleaseDirectory.ReadError {
                throw fail("--beside \(directory): \(e.reason)")
            }
            if let m = contents.manifest {
                let s = engine.settings
                guard m.year == s.year, m.followUpYears == s.followUpYears, m.needEpisode == s.needEpisode.rawValue else {
                    throw fail("--beside \(directory): a release of year \(m.year), \(m.followUpYears)-year follow-up, need episode \(m.needEpisode); "
                                   + "this one is of \(s.year), \(s.followUpYears), \(s.needEpisode.rawValue): only releases of the same children are read together")
                }
            }
            do { return try ReportTables.held(engine: engine, contents.release, name: directory) } catch let e as ReportTables.HeldReleaseMismatch {
                throw fail("--beside \(directory): \(e.reason)")
            }
        }
    }

    /// Tables whose counts depend on the follow-up window or the need episode: an earlier release made with
    /// other settings publishes other numbers under these names, so they are left out of it.
    static let followUpTables: Set<String> = [ReportTable.dimension(.need).name, ReportTable.dimension(.outcomes).name,
                                              ReportTable.dimension(.protectionCategory).name, ReportTable.trend.name]

    /// The ledger's earlier releases of this extract and year, each read back and its true counts worked out
    /// again from `engine`'s extract. Left out: the standard release itself (made the same way, it is the
    /// release every other is protected beside already). A damaged entry, or one whose shown counts are not
    /// this extract's, is an error (exit 2): the ledger is what later releases are protected against.
    static func held(entries: [LedgerEntry], engine: CohortEngine, threshold: Int, protection: Int?) throws -> [HeldRelease] {
        var out: [HeldRelease] = []
        let s = engine.settings
        for entry in entries {
            guard case .success(let contents) = Result(catching: { () throws(ReleaseDirectory.ReadError) in try entry.contents() }) else {
                throw fail("release ledger entry \(entry.id): its tables cannot be read (cinx ledger show \(entry.id))")
            }
            guard case .success(let manifest) = Result(catching: { () throws(LedgerError) in try entry.manifest() }) else {
                throw fail("release ledger entry \(entry.id): its release.json cannot be read (cinx ledger show \(entry.id))")
            }
            var release = contents.release
            let standardCohorts = release.cohorts.allSatisfy { c in CohortDefinition.standard.contains { $0.id == c.id && $0.expression == c.rule } }
            if release.filter.isEmpty && standardCohorts && manifest.suppression.threshold == threshold
                && manifest.suppression.protection == (protection ?? threshold) && manifest.followUpYears == s.followUpYears
                && manifest.needEpisode == s.needEpisode.rawValue { continue }
            if manifest.followUpYears != s.followUpYears || manifest.needEpisode != s.needEpisode.rawValue {
                release.tables.removeAll { followUpTables.contains($0.name) }
            }
            release.tables.removeAll { $0.name == ReportTable.trend.name }
            guard !release.tables.isEmpty else { continue }
            switch Result(catching: { () throws(ReportTables.HeldReleaseMismatch) in try ReportTables.held(engine: engine, release, name: "ledger entry \(entry.id)") }) {
            case .success(let held): out.append(held)
            case .failure(let e): throw fail("release ledger: \(e.reason)")
            }
        }
        return out
    }

    /// The writer's audit of a release beside earlier ones: the standard release, the earlier releases and
    /// this one read together, as a reader holding all of them reads them. The narrow cells, named only
    /// (never their ranges); empty when clean.
    static func narrowTogether(_ release: ProtectedRelease, earlier: [HeldRelease], engine: CohortEngine, names: [String],
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
