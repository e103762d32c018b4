import ArgumentParser
import CINLoading
import CINRelease
import CohortEngine
import Foundation

/// `cinx report POOLED --per-authority --out DIR`: the regional release and one release per authority of a
/// pooled extract, protected as one system (docs/privacy.md, "A regional pack"): the regional release first,
/// as the standard release, then each authority's release together with the regional one and every
/// authority's before it, so that every regional cell is the sum of the authorities' and no subtraction
/// across the pack narrows a hidden cell. Everything is protected and audited before anything is written.
struct RegionalPack {
    /// The wall-clock safety stop of each authority's release proven beside the others: the budget that binds is
    /// counted in work (`ReleaseProtection.besideWork`), so that whether a pack is published depends on the
    /// extract, not on the machine's load; this only stops a machine far slower than any cinx was measured on.
    static let budget: TimeInterval = 900
    typealias Member = RegionalPackProtection.Member

    /// Every member protected in turn, each beside all before it, and the pack audited together
    /// (`RegionalPackProtection`); the refusal on stderr when one cannot be.
    /// - Parameter earlier: releases of the extract already published (the ledger's): held, never hidden more.
    static func protect(engine: CohortEngine, names: [String], threshold: Int, protection: Int?,
                        budget: TimeInterval, earlier: [HeldRelease] = []) -> Result<[Member], ExitCode> {
        let timing = ProcessInfo.processInfo.environment["CINX_TIMING"] != nil
        switch RegionalPackProtection.protect(engine: engine, names: names, threshold: threshold, protection: protection, budget: budget,
                                              earlier: earlier, note: { if timing { CLIOutput.note($0) } }) {
        case .success(let members): return .success(members)
        case .failure(let refusal):
            CLIOutput.error("refusing to publish the pack (nothing written): " + refusal.reason)
            return .failure(ExitCode(2))
        }
    }

    /// The release of a filter that selects by authority (`--where authority=X`): a part of the pack that
    /// `--per-authority` writes (of the FOI's tables, or of the whole scope when a table outside them is
    /// asked for), so that what one authority publishes is what the pack would and nothing a reader of both
    /// can subtract. Refused (exit 2) when the pack, or this release beside it, cannot be proven safe.
    static func release(of filter: Filter, engine: CohortEngine, names: [String], threshold: Int, protection: Int?,
                        earlier: [HeldRelease]) throws -> ProtectedRelease {
        let packNames: [String]? = Set(names).isSubset(of: ReportTables.allTableNames) ? ReportTables.allTableNames : nil
        let members: [Member]
        switch RegionalPackProtection.protect(engine: engine, names: packNames, threshold: threshold, protection: protection, budget: budget,
                                              earlier: earlier, auditTogether: false) {
        case .success(let m): members = m
        case .failure(let refusal):
            CLIOutput.error("refusing to publish (nothing written): a release of an authority is a part of its regional pack, and the pack "
                            + "cannot be protected: " + refusal.reason)
            throw ExitCode(2)
        }
        guard let release = RegionalPackProtection.release(of: filter, members: members, engine: engine, names: packNames, threshold: threshold,
                                                           protection: protection, earlier: earlier, budget: ReleaseProtection.besideBudget) else {
            throw ExitCode(2)
        }
        if !release.notProvenBeside.isEmpty {
            CLIOutput.error("refusing to publish (nothing written): this release could not be proven safe beside its regional pack's releases"
                            + (earlier.isEmpty ? "" : " and " + earlier.names.joined(separator: ", ")) + release.clockNote)
            throw ExitCode(2)
        }
        return release.subset(names)
    }

    /// Writes the pack: one release directory per member under `out`.
    /// Every member is recorded in the ledger before it is written, and taken back if it cannot be.
    static func write(_ members: [Member], to out: String, engine: CohortEngine, files: [String], digests: InputDigests?,
                      loadReport: LoadReport?, ledger: LedgerOptions, session: LedgerSession?, threshold: Int, overwrite: Bool) throws {
        for m in members {
            var manifest = ReleaseManifest(engine: engine, release: m.release, filter: m.filter, audit: m.audit,
                                           commandLine: ["cinx"] + Array(CommandLine.arguments.dropFirst()),
                                           inputs: files, digests: digests, loadReport: loadReport)
            // A pack's members share one ledger choice: its warning (--no-ledger) is said once.
            let recording = try recordInLedger(&manifest, release: m.release, options: ledger, session: session,
                                               warn: m.directory == members.first?.directory)
            let tables = m.release.tables.map { ($0.table.name + ".csv", TableFormatter.csv($0)) }
            do {
                try ReleaseWriter.writeDirectory(out + "/" + m.directory, tables: tables, manifest: manifest, unsuppressed: threshold == 0,
                                                 overwrite: overwrite)
            } catch {
                recording.undo()
                CLIOutput.error(error.description)
                throw ExitCode(2)
            }
        }
        let hidden = members.reduce(0) { $0 + ($1.audit?.ranges.count ?? 0) }
        CLIOutput.note("wrote a regional pack to \(out)/: regional and \(members.count - 1) authorities, protected together "
                       + "(\(hidden) hidden cells; cinx audit \(out) reads them together)\n")
    }
}
