import CohortEngine

/// A ledger entry made under other readings of the documented choices than the new release's
/// (docs/privacy.md, "Releases of other readings"). Two releases of the same children under two readings can be
/// subtracted, so they are read together where the model can hold both: a table that a choice of the follow-up
/// (`need-episode`, `window-from`) reads otherwise is, under the new release's readings, that choice's other
/// reading's table (`need` of a `--need-episode later` release is `need@need-episode:later`), the table a side by
/// side publishes, which `ReleaseModel.linkReadings` links to the same children. A table the model cannot hold
/// (a choice of membership, a table under two other readings, the other reading's table of a choice with rules
/// of what can move (`age-at`, `need-episode`) without its movements) is not linked: such an entry refuses
/// the release unless the user acknowledges it (`--allow-other-readings`), when the table is left out.
extension EarlierReleases {
    /// What to do with an entry's tables that cannot be read with this release's.
    public enum OtherReadings: Sendable, Equatable {
        /// Refuse the release, naming the entry (the default).
        case refuse
        /// Leave those tables out (acknowledged: a reader holding both may subtract them).
        case leaveOut
    }

    /// The entry's reading of each documented choice, from its release.json.
    static func reading(of manifest: ReleaseManifest, _ choice: ReadingChoice) -> String {
        choice == .needEpisode ? manifest.needEpisode : (manifest.readings?[choice.rawValue] ?? choice.defaultReading)
    }

    /// The choices an entry reads otherwise than `settings` does.
    public static func differingChoices(_ manifest: ReleaseManifest, settings: AnalysisSettings) -> [ReadingChoice] {
        ReadingChoice.allCases.filter { reading(of: manifest, $0) != $0.reading(in: settings) }
    }

    /// How a table an entry published under its readings is named under `settings`' readings, when the
    /// entry reads `differing` otherwise: a table no differing choice changes keeps its name; a table one
    /// choice of the follow-up changes is that choice's other reading's (`T` -> `T@c:theirs`); a side by side's
    /// table of that choice is this release's own table (`T@c:ours` -> `T`) or the movements the other way
    /// (`T@c:theirs>ours` -> `T@c:ours>theirs`, `transposed`). Nil when no name holds it.
    static func nameUnderOurReadings(_ name: String, differing: [ReadingChoice], manifest: ReleaseManifest,
                                     settings: AnalysisSettings) -> (name: String, transposed: Bool)? {
        let at = name.firstIndex(of: "@")
        let base = at.map { String(name[..<$0]) } ?? name
        guard let table = ReportTable(name: base) else { return nil }
        let affecting = differing.filter { ReadingComparison.affects($0, table) }
        if affecting.isEmpty { return (name, false) }
        guard affecting.count == 1, let c = affecting.first, !c.publishesOnlyMovers else { return nil }
        let theirs = reading(of: manifest, c), ours = c.reading(in: settings)
        guard let at else { return (ReadingComparison.alternativeName(base, c, theirs), false) }
        let rest = name[name.index(after: at)...]
        guard let colon = rest.firstIndex(of: ":"), ReadingChoice(rawValue: String(rest[..<colon])) == c else { return nil }
        let readings = rest[rest.index(after: colon)...].split(separator: ">", omittingEmptySubsequences: false).map(String.init)
        if readings == [ours] { return (base, false) }
        if readings == [theirs, ours] { return (ReadingComparison.movementName(base, c, from: ours, to: theirs), true) }
        return nil
    }

    /// Whether `name` (as `nameUnderOurReadings` gives it) is the other reading's table of a choice with rules of
    /// what can move, held without the movements that would carry the rules (`names`: the entry's tables, renamed).
    static func needsMovements(_ name: String, among names: Set<String>, differing: [ReadingChoice], manifest: ReleaseManifest,
                               settings: AnalysisSettings) -> Bool {
        guard let at = name.firstIndex(of: "@"), !name.contains(">"), let table = ReportTable(name: String(name[..<at])) else { return false }
        return differing.contains { c in
            c.hasMoveRules && ReadingComparison.affects(c, table)
                && !names.contains(ReadingComparison.movementName(table.name, c, from: c.reading(in: settings), to: reading(of: manifest, c)))
        }
    }

    /// An entry made under other readings, read as this release's reader holds it: its tables under the names
    /// they have under `engine`'s readings (`nameUnderOurReadings`), their true counts worked out under the
    /// entry's readings; its side by side's tables (hidden from 0) apart from its standard tables (hidden from
    /// the entry's minimum), each a release of its own. `unlinked` gets the tables no name holds, which are left out.
    static func heldUnderOtherReadings(_ release: PublishedRelease, manifest: ReleaseManifest, differing: [ReadingChoice], engine: CohortEngine,
                                       name: String, unlinked: inout [String]) throws(Failure) -> [HeldRelease] {
        let s = engine.settings
        var settings = s
        for c in differing { settings = c.setting(reading(of: manifest, c), in: settings) ?? settings }
        var theirs = engine
        theirs.apply(settings: settings)
        let held: HeldRelease
        switch Result(catching: { () throws(ReportTables.HeldReleaseMismatch) in try ReportTables.held(engine: theirs, release, name: name) }) {
        case .success(let h): held = h
        case .failure(let e): throw Failure(reason: "release ledger: \(e.reason)")
        }
        // Each table's true counts, as `held.truth` lists them (tables in order, row by row).
        var offset = 0
        var standard: [(PublishedRelease.Table, [Int])] = [], sideBySide: [(PublishedRelease.Table, [Int])] = []
        for t in held.published.tables {
            let count = t.rowIDs.count * t.columns.count
            let truth = Array(held.truth[offset..<min(offset + count, held.truth.count)])
            offset += count
            guard truth.count == count,
                  let renamed = nameUnderOurReadings(t.name, differing: differing, manifest: manifest, settings: s) else {
                unlinked.append(t.name)
                continue
            }
            var table = t
            table.name = renamed.name
            var counts = truth
            if renamed.transposed {
                // `a>b` becomes `b>a`, in the order this release's movement table has its columns.
                guard let ours = ReadingComparison.linkedTable(engine: engine, name: renamed.name) else { unlinked.append(t.name); continue }
                let flipped = ours.columns.map { col -> Int? in
                    let pair = col.split(separator: ">", maxSplits: 1).map(String.init)
                    return t.columns.firstIndex(of: pair.count == 2 ? pair[1] + ">" + pair[0] : col)
                }
                guard flipped.allSatisfy({ $0 != nil }) else { unlinked.append(t.name); continue }
                let from = flipped.compactMap { $0 }
                table.columns = ours.columns
                table.cells = t.cells.map { row in from.map { row.indices.contains($0) ? row[$0] : nil } }
                counts = t.rowIDs.indices.flatMap { r in from.map { truth[r * t.columns.count + $0] } }
            }
            if ReadingComparison.isLinkedName(t.name) { sideBySide.append((table, counts)) } else { standard.append((table, counts)) }
        }
        // A choice whose moves obey rules a reader knows (`ReadingChoice.hasMoveRules`: the age band moves one band up
        // at most, None under the first episode is None under the later) relates its two readings' tables only
        // through the movements (`ReleaseModel.linkReadings` bounds the ruled-out ones at 0). An entry that publishes
        // the other reading's table without them (a release made under that reading, not a side by side) would be
        // held unrelated to this release's table, weaker than the reader who knows the rules: not linked.
        let names = Set((standard + sideBySide).map(\.0.name))
        let unheld = { (t: PublishedRelease.Table) in needsMovements(t.name, among: names, differing: differing, manifest: manifest, settings: s) }
        // Named as the entry published it (`need`, renamed `need@need-episode:later` above).
        for (t, _) in standard + sideBySide where unheld(t) { unlinked.append(t.name.split(separator: "@").first.map(String.init) ?? t.name) }
        standard.removeAll { unheld($0.0) }
        sideBySide.removeAll { unheld($0.0) }
        let population: [Int] = offset < held.truth.count ? [held.truth[offset]] : []
        var out: [HeldRelease] = []
        for (part, minimum) in [(standard, release.hiddenMinimum), (sideBySide, 0)] where !part.isEmpty {
            var published = held.published
            published.tables = part.map(\.0)
            published.hiddenMinimum = minimum
            out.append(HeldRelease(published: published, truth: part.flatMap(\.1) + population, population: held.population, name: name))
        }
        return out
    }
}
