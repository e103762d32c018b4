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
