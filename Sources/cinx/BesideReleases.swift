import ArgumentParser
import CINRelease
import CohortEngine
import Foundation

/// `report`'s earlier releases, from `--beside` directories and the release ledger, as `HeldRelease`s; a
/// release that cannot be read as one of these children is an error with exit 2 (docs/privacy.md,
/// "Releases read together").
enum BesideReleases {
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
                guard m.readingKey == ReleaseManifest.readingKey(of: s) else {
                    throw fail("--beside \(directory): a release read as \(m.readingsText ?? "cinx's default readings"); this one is read as "
                                   + "\(s.otherReadingsText ?? "cinx's default readings"): only releases of the same readings are read together")
                }
            }
            do { return try ReportTables.held(engine: engine, contents.release, name: directory) } catch let e as ReportTables.HeldReleaseMismatch {
                throw fail("--beside \(directory): \(e.reason)")
            }
        }
    }

    /// The ledger's earlier releases (`EarlierReleases.held(entries:...)`); a failure is exit 2.
    /// With `--allow-other-readings`, the tables of other readings left out are warned.
    static func held(entries: [LedgerEntry], engine: CohortEngine, threshold: Int, protection: Int?,
                     otherReadings: EarlierReleases.OtherReadings) throws -> [HeldRelease] {
        let held: [HeldRelease]
        do throws(EarlierReleases.Failure) {
            held = try EarlierReleases.held(entries: entries, engine: engine, threshold: threshold, protection: protection, otherReadings: otherReadings)
        } catch {
            throw fail(error.reason)
        }
        if otherReadings == .leaveOut {
            for (id, tables) in EarlierReleases.leftOut(entries: entries, engine: engine) {
                CLIOutput.note("warning: --allow-other-readings: release ledger entry \(id) is of other readings; its \(tables.joined(separator: ", ")) "
                               + "are not read with this release, and a reader holding both may subtract them (docs/privacy.md)\n")
            }
        }
        return held
    }
}
