/// The differences of a side by side of `code-21` (each cell's count under `ignored` less its count under `counts`)
/// as cells of the joint model (`MembershipReadings`). A difference is a net movement of children (in B to E the
/// children of A who arrive there, nobody leaving them), a signed sum of the model's unknowns: published, it is
/// what its two counts give; hidden (either count hidden) a reader still bounds it by everything else published,
/// so it must span the protection like every hidden cell, at any value (it may be negative: A loses children).
///
/// The model's cells are sums of unknowns at least 0, so a difference is held as one more unknown `shifted` with
/// `shifted = offset + other - standard`, where `offset` is a constant past any difference's magnitude (every count
/// is at most its population): its cell ranges over `offset + difference`, and a range's width, all the protection
/// asks of it, is the difference's.
struct MembershipDifference {
    /// The difference's cell in the model (its only term the shifted unknown).
    var cell: Int
    /// The cell of the count under the run's reading (release 0) and under the other reading (release 1).
    var standard: Int
    var other: Int

    /// The difference table's name: the table's, read as `code-21`'s difference (as the attacker names it).
    static func tableName(_ table: String) -> String {
        ReadingComparison.alternativeName(table, .code21, "difference")
    }

    /// Whether a published difference of `value` would be a small group of children: from 1 to the threshold in
    /// absolute value (a 0 is the shown zero of a movement no child makes; see docs/privacy.md).
    static func isSmall(_ value: Int, threshold: Int) -> Bool {
        (1...max(1, threshold)).contains(abs(value))
    }
}

extension ReleaseModel {
    /// The pairs of cells a side by side of `code-21` prints a difference of: each cell of the first `tables` tables of
    /// release 0 and the cell of release 1 under the same table name, row and column, but for percentages (free columns,
    /// printed while their counts are). Registers a difference table per table (no cells yet: a difference is a cell of
    /// the model only once hidden, `addMembershipDifference`; a shown one is what its two shown counts give) and returns
    /// them (for naming cells) after every table of the model.
    mutating func membershipDifferencePairs(tables count: Int, columns: [[String]])
        -> (pairs: [(standard: Int, other: Int, table: Int)], tables: [PublishedRelease.Table]) {
        var otherCell: [String: Int] = [:]
        func key(_ c: Cell) -> String { "\(tableNames[c.table])\u{1}\(c.row)\u{1}\(c.column)" }
        for (i, c) in cells.enumerated() where c.release == 1 && tableNames.indices.contains(c.table) { otherCell[key(c)] = i }
        var pairs: [(standard: Int, other: Int, table: Int)] = []
        var tables: [PublishedRelease.Table] = []
        var tableIndex: [Int: Int] = [:]
        let standardCells = cells.indices.filter { cells[$0].release == 0 && (0..<count).contains(cells[$0].table) }
        for i in standardCells {
            let c = cells[i]
            guard let o = otherCell[key(c)], !c.terms.contains(where: { freeUnknownCell[$0] != nil }),
                  !cells[o].terms.contains(where: { freeUnknownCell[$0] != nil }) else { continue }
            if tableIndex[c.table] == nil {
                tableIndex[c.table] = tableNames.count
                let name = MembershipDifference.tableName(tableNames[c.table])
                let rows = rowIDs(table: c.table)
                tableNames.append(name)
                tableRows.append(rows)
                tables.append(PublishedRelease.Table(name: name, columns: columns.indices.contains(c.table) ? columns[c.table] : [], rowIDs: rows,
                                                     cells: []))
            }
            pairs.append((i, o, tableIndex[c.table] ?? c.table))
        }
        return (pairs, tables)
    }

    /// The difference of a pair (`membershipDifferencePairs`) as a hidden cell of release 1: one more unknown `shifted`,
    /// `shifted = offset + other - standard`.
    mutating func addMembershipDifference(_ pair: (standard: Int, other: Int, table: Int), offset: Int) -> MembershipDifference {
        let shifted = newUnknown(upper: nil)
        // A stayer's unknown in both counts cancels (one coefficient per unknown in a row).
        var coefficient: [Int: Double] = [:]
        for u in cells[pair.other].terms { coefficient[u, default: 0] -= 1 }
        for u in cells[pair.standard].terms { coefficient[u, default: 0] += 1 }
        let terms = coefficient.filter { $0.value != 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        relations.append(Relation(terms: [(shifted, 1)] + terms, lower: Double(offset), upper: Double(offset)))
        let standard = cells[pair.standard]
        cells.append(Cell(table: pair.table, row: standard.row, column: standard.column, terms: [shifted], published: nil,
                          structuralZero: false, release: 1))
        return MembershipDifference(cell: cells.count - 1, standard: pair.standard, other: pair.other)
    }
}
