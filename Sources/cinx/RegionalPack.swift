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
    /// Seconds each authority's release may take to be proven beside the others (a pack is made once,
    /// not in a meeting: longer than a single release's budget).
    static let budget: TimeInterval = 300
    struct Member {
        var directory: String
        var filter: Filter
        var release: ProtectedRelease
        var audit: DisclosureAuditResult?
    }

    /// A directory name for an authority labelled `Name (code)`: `code-name`, lower case, letters and digits.
    static func directoryName(label: String) -> String {
        var name = label, code = ""
        if let open = label.lastIndex(of: "("), label.hasSuffix(")") {
            code = String(label[label.index(after: open)..<label.index(before: label.endIndex)])
            name = String(label[..<open])
        }
        let slug = name.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
            .split(separator: "-").joined(separator: "-")
        let safeCode = code.filter { $0.isLetter || $0.isNumber }
        return [safeCode, slug].filter { !$0.isEmpty }.joined(separator: "-").prefix(64).description
    }

    /// Every member protected in turn, each beside all before it; nil with the reason when one cannot be.
    /// - Parameter earlier: releases of the extract already published (the ledger's): held, never hidden more.
    static func protect(engine: CohortEngine, names: [String], threshold: Int, protection: Int?,
                        budget: TimeInterval, earlier: [HeldRelease] = []) -> Result<[Member], ExitCode> {
        let regional = ReportTables.protectedScope(engine: engine, threshold: threshold, protection: protection)
        let cohorts = engine.cohorts.map { ($0.id, Optional($0.expression)) }
        var members = [Member(directory: "regional", filter: .none, release: regional.subset(names), audit: nil)]
        var held: [HeldRelease] = earlier
        let labels = engine.labels(of: .authority)
        for v in labels.indices {
            let filter = Filter(dimensions: [engine.condition(.authority, values: [v])])
            let scope = ReportTables.protectedScope(engine: engine, threshold: threshold, filter: filter, protection: protection,
                                                    unfiltered: regional, earlier: held, budget: budget, only: names)
            let directory = directoryName(label: labels[v])
            if ProcessInfo.processInfo.environment["CINX_TIMING"] != nil { CLIOutput.note("pack: \(directory) unprotectable \(scope.unprotectable)\n") }
            if !scope.notProvenBeside.isEmpty {
                CLIOutput.error("refusing to publish the pack (nothing written): \(directory)'s release could not be proven safe beside "
                                + (["regional"] + scope.notProvenBeside).joined(separator: ", "))
                return .failure(ExitCode(2))
            }
            // The authorities before may hide more for this one: nothing of the pack is published yet.
            for (name, flags) in scope.earlierHidden {
                guard let k = held.firstIndex(where: { $0.name == name }), let m = members.firstIndex(where: { $0.directory == name }) else { continue }
                held[k] = held[k].hiding(flags)
                members[m].release = RegionalPack.hiding(flags, in: members[m].release)
            }
            let release = scope.subset(names)
            members.append(Member(directory: directory, filter: filter, release: release, audit: nil))
            var member = HeldRelease(release, cohorts: cohorts, filter: filter, population: engine.selectedCount(filter), name: directory)
            member.mayHide = true
            held.append(member)
        }
        // Each member is audited as the writer audits any release; the pack together by `cinx audit DIR`.
        for i in members.indices {
            members[i].audit = ReleaseCheck.audit(members[i].release, cohorts: engine.cohorts, filter: members[i].filter)
            if let a = members[i].audit, !a.isClean {
                CLIOutput.error("refusing to publish the pack (nothing written): the disclosure audit of \(members[i].directory) found hidden cells a reader could narrow:\n  "
                                + ReleaseCheck.refusal(a).joined(separator: "\n  "))
                return .failure(ExitCode(2))
            }
        }
        // And the pack as a reader holding all of it reads it: every release together.
        let readers = members.map { ReleaseCheck.published($0.release, cohorts: engine.cohorts, filter: $0.filter, populationPrinted: false) }
            + earlier.map(\.published)
        guard let together = DisclosureAudit.audit(together: readers, protection: protection ?? threshold) else {
            CLIOutput.error("refusing to publish the pack (nothing written): its \(members.count - 1) authorities are more than can be read together")
            return .failure(ExitCode(2))
        }
        let narrow = zip(members, together).flatMap { m, r in r.failures.map { "\(m.directory): \($0.table) \($0.cohort) \($0.column)" } }
        if !narrow.isEmpty || together.contains(where: { !$0.consistent }) {
            // The cells only, never their ranges.
            CLIOutput.error("refusing to publish the pack (nothing written): read together, its releases let a reader narrow hidden cells below the protection:\n  "
                            + narrow.joined(separator: "\n  "))
            return .failure(ExitCode(2))
        }
        return .success(members)
    }

    /// A release with these cells hidden too (`ProtectedRelease.earlierHidden`'s flags: its tables' cells
    /// row by row, then its population).
    static func hiding(_ flags: [Bool], in release: ProtectedRelease) -> ProtectedRelease {
        var out = release
        var i = 0
        for t in out.tables.indices {
            var hidden = out.tables[t].hidden
            for r in hidden.indices {
                for c in hidden[r].indices {
                    if flags.indices.contains(i), flags[i] { hidden[r][c] = true }
                    i += 1
                }
            }
            out.tables[t] = SuppressedTable(table: out.tables[t].table, threshold: out.tables[t].threshold, hidden: hidden,
                                            populationHidden: out.tables[t].populationHidden, primary: out.tables[t].primary)
        }
        if flags.indices.contains(i), flags[i] {
            out.populationHidden = true
            for t in out.tables.indices { out.tables[t].populationHidden = true }
        }
        return out
    }

    /// Writes the pack: one release directory per member under `out`.
    /// Every member is recorded in the ledger before it is written, and taken back if it cannot be.
    static func write(_ members: [Member], to out: String, engine: CohortEngine, files: [String], digests: InputDigests?,
                      loadReport: LoadReport?, ledger: LedgerOptions, session: LedgerSession?, threshold: Int, overwrite: Bool) throws {
        for m in members {
            var manifest = ReleaseManifest(engine: engine, release: m.release, filter: m.filter, audit: m.audit,
                                           commandLine: ["cinx"] + Array(CommandLine.arguments.dropFirst()),
                                           inputs: files, digests: digests, loadReport: loadReport)
            let recording = try recordInLedger(&manifest, release: m.release, options: ledger, session: session)
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
