import CohortEngine
import Foundation

/// A pooled extract's regional release and one release per authority, protected as one system
/// (docs/privacy.md, "A regional pack"): the regional release first, as the standard release, then each
/// authority's release together with the regional one and every authority's before it, so that every
/// regional cell is the sum of the authorities' and no subtraction across the pack narrows a hidden cell.
///
/// One protection for `cinx report --per-authority` and the explorer's views of one authority, so that what
/// the explorer shows of an authority is that authority's release of the pack.
public enum RegionalPackProtection {
    public struct Member {
        /// The release directory's name (`regional`, or `code-name` for an authority).
        public var directory: String
        public var filter: Filter
        public var release: ProtectedRelease
        public var audit: DisclosureAuditResult?
    }

    /// Why a pack cannot be published (the cells only, never their values or ranges).
    public struct Refusal: Error {
        public var reason: String
        /// The protection was cancelled (the explorer's Esc): nothing to say.
        public var cancelled = false
    }

    /// A directory name for an authority labelled `Name (code)`: `code-name`, lower case, letters and digits.
    public static func directoryName(label: String) -> String {
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

    /// Every member protected in turn, each beside all before it, or why one cannot be.
    /// - Parameters:
    ///   - names: the tables of every member (the regional release's too).
    ///   - regional: the regional release when already protected (the explorer's standard release); it is the
    ///     standard release of the pack and never hides more for an authority.
    ///   - earlier: releases of the extract already published (the ledger's): held, never hidden more.
    ///   - auditTogether: also read every member together as a reader holding the pack reads it (the writer's
    ///     check before anything is written); each member is proven beside the ones before it either way.
    public static func protect(engine: CohortEngine, names: [String]? = nil, threshold: Int, protection: Int?,
                               budget: TimeInterval, regional given: ProtectedRelease? = nil, earlier: [HeldRelease] = [],
                               auditTogether: Bool = true, note: (String) -> Void = { _ in }) -> Result<[Member], Refusal> {
        let regional = given ?? ReportTables.protectedScope(engine: engine, threshold: threshold, protection: protection)
        let subset: (ProtectedRelease) -> ProtectedRelease = { r in names.map { r.subset($0) } ?? r }
        let cohorts = engine.cohorts.map { ($0.id, Optional($0.expression)) }
        var members = [Member(directory: "regional", filter: .none, release: subset(regional), audit: nil)]
        var held: [HeldRelease] = earlier
        let labels = engine.labels(of: .authority)
        for v in labels.indices {
            let filter = Filter(dimensions: [engine.condition(.authority, values: [v])])
            let scope = ReportTables.protectedScope(engine: engine, threshold: threshold, filter: filter, protection: protection,
                                                    unfiltered: regional, earlier: held, budget: budget, only: names)
            if scope.cancelled || ProtectionCancellation.isRequested { return .failure(Refusal(reason: "cancelled", cancelled: true)) }
            let directory = directoryName(label: labels[v])
            note("pack: \(directory) unprotectable \(scope.unprotectable)\n")
            if !scope.notProvenBeside.isEmpty {
                return .failure(Refusal(reason: "\(directory)'s release could not be proven safe beside "
                                        + (["regional"] + scope.notProvenBeside).joined(separator: ", ") + scope.clockNote))
            }

            // The authorities before may hide more for this one: nothing of the pack is published yet.
            for (name, flags) in scope.earlierHidden {
                guard let k = held.firstIndex(where: { $0.name == name }), let m = members.firstIndex(where: { $0.directory == name }) else { continue }
                held[k] = held[k].hiding(flags)
                members[m].release = hiding(flags, in: members[m].release)
            }
            members.append(Member(directory: directory, filter: filter, release: subset(scope), audit: nil))
            var member = HeldRelease(subset(scope), cohorts: cohorts, filter: filter, population: engine.selectedCount(filter), name: directory)
            member.mayHide = true
            held.append(member)
        }
        // A hidden cell the rest of the pack determines exactly is public already: shown, it changes nothing
        // a reader can work out (the feasible tables are the same), and a cell the repair could not protect
        // because of it is protected after all (an authority's cohort sizes hidden for its factor table while
        // the regional authority breakdown shows them). A determined count from 1 to the threshold is a
        // disclosure: the pack is refused below.
        let readers: () -> [PublishedRelease] = {
            members.map { ReleaseCheck.published($0.release, cohorts: engine.cohorts, filter: $0.filter, populationPrinted: false) }
                + earlier.map(\.published)
        }
        if threshold > 0 {
            guard let together = DisclosureAudit.audit(together: readers(), protection: protection ?? threshold) else {
                return .failure(Refusal(reason: "its \(members.count - 1) authorities are more than can be read together"))
            }
            var narrow: [String] = []
            for (m, result) in zip(members.indices, together) {
                for cell in result.failures {
                    let before = members[m].release
                    if m > 0, cell.isExact, !Publication.isSmall(cell.minimum, threshold: threshold) {
                        members[m].release = showing(cell, in: before)
                    }
                    if members[m].release == before { narrow.append("\(members[m].directory): \(cell.table) \(cell.cohort) \(cell.column)") }
                }
            }
            if !narrow.isEmpty || together.contains(where: { !$0.consistent }) {
                // The cells only, never their ranges.
                return .failure(Refusal(reason: "read together, its releases let a reader narrow hidden cells below the protection:\n  "
                                        + narrow.joined(separator: "\n  ")))
            }
        }
        guard auditTogether else { return .success(members) }
        // Each member is audited as the writer audits any release; then the pack as a reader holding all of it.
        for i in members.indices {
            members[i].audit = ReleaseCheck.audit(members[i].release, cohorts: engine.cohorts, filter: members[i].filter)
            if let a = members[i].audit, !a.isClean {
                return .failure(Refusal(reason: "the disclosure audit of \(members[i].directory) found hidden cells a reader could narrow:\n  "
                                        + ReleaseCheck.refusal(a).joined(separator: "\n  ")))
            }
        }
        guard let together = DisclosureAudit.audit(together: readers(), protection: protection ?? threshold) else {
            return .failure(Refusal(reason: "its \(members.count - 1) authorities are more than can be read together"))
        }
        let narrow = zip(members, together).flatMap { m, r in r.failures.map { "\(m.directory): \($0.table) \($0.cohort) \($0.column)" } }
        if !narrow.isEmpty || together.contains(where: { !$0.consistent }) {
            // The cells only, never their ranges.
            return .failure(Refusal(reason: "read together, its releases let a reader narrow hidden cells below the protection:\n  "
                                    + narrow.joined(separator: "\n  ")))
        }
        return .success(members)
    }

    /// Whether a filter's release is protected through the pack: it selects by authority on an extract that
    /// pools several, with suppression on.
    public static func selectsByAuthority(_ filter: Filter, engine: CohortEngine, threshold: Int) -> Bool {
        threshold > 0 && engine.authorityColumns.labels.count > 1 && filter.dimensions.contains { $0.dimension == .authority }
    }

    /// The release of a filter that selects by authority, as a part of the pack `members`: the member itself
    /// for exactly one authority, else a release protected beside the regional release, every member and
    /// `earlier`. One that cannot be proven beside them is returned with `notProvenBeside` set (the caller
    /// refuses it or shows nothing).
    public static func release(of filter: Filter, members: [Member], engine: CohortEngine, names: [String]? = nil,
                               threshold: Int, protection: Int?, earlier: [HeldRelease] = [], budget: TimeInterval) -> ProtectedRelease? {
        guard let regional = members.first?.release else { return nil }
        if let member = members.dropFirst().first(where: { sameSelection($0.filter, filter) }) { return member.release }
        let cohorts = engine.cohorts.map { ($0.id, Optional($0.expression)) }
        let held = members.dropFirst().map { m in
            HeldRelease(m.release, cohorts: cohorts, filter: m.filter, population: engine.selectedCount(m.filter), name: m.directory)
        }
        return ReportTables.protectedScope(engine: engine, threshold: threshold, filter: filter, protection: protection, unfiltered: regional,
                                           earlier: held + earlier, budget: budget, only: names)
    }

    /// Two filters select the same children (the labels an authority condition carries aside).
    static func sameSelection(_ a: Filter, _ b: Filter) -> Bool {
        func plain(_ f: Filter) -> Filter {
            var f = f
            f.dimensions = f.dimensions.map { Filter.DimensionCondition(dimension: $0.dimension, values: $0.values) }
            return f
        }
        return plain(a) == plain(b)
    }

    /// A release with one hidden cell shown (one a reader of the pack works out exactly); unchanged when the
    /// cell is not one of its tables' cells.
    static func showing(_ cell: HiddenCellRange, in release: ProtectedRelease) -> ProtectedRelease {
        var out = release
        guard let t = out.tables.firstIndex(where: { $0.table.name == cell.table }),
              let r = out.tables[t].table.rows.firstIndex(where: { $0.id == cell.cohort }),
              let c = out.tables[t].table.columns.firstIndex(of: cell.column),
              out.tables[t].table.counts.indices.contains(r), out.tables[t].table.counts[r].indices.contains(c),
              out.tables[t].table.counts[r][c] == cell.minimum else { return release }
        var hidden = out.tables[t].hidden
        var primary = out.tables[t].primary
        guard hidden.indices.contains(r), hidden[r].indices.contains(c) else { return release }
        hidden[r][c] = false
        if primary.indices.contains(r), primary[r].indices.contains(c) { primary[r][c] = false }
        out.tables[t] = SuppressedTable(table: out.tables[t].table, threshold: out.tables[t].threshold, hidden: hidden,
                                        populationHidden: out.tables[t].populationHidden, primary: primary)
        return out
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
}
