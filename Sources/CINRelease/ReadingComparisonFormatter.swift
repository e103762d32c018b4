import CohortEngine
import Foundation

/// The side-by-side view of readings as it leaves the program (`cinx report --compare`): one long-form CSV
/// table, and the response workbook's sheet in words. Only what `ReadingComparisonRelease` published is
/// written: its hidden cells as `c`, and nothing of a table it did not publish.
public enum ReadingComparisonFormatter {
    /// The CSV's columns (docs/definitions.md, "Readings side by side").
    public static let header = ["choice", "table", "cohort", "measure", "reading", "cell", "to_cell", "count"]

    /// The long-form rows: per choice and table, the count of every cell under the engine's reading
    /// (`measure` `count`) and under each other reading; the difference (other minus the engine's, `c`
    /// when either is hidden); each movement of children between two cells (`moved`: from `cell` under the
    /// engine's reading to `to_cell` under `reading`; every movement shown, a 0 too: one left out is hidden,
    /// as every one from 0 to the threshold is); and, for
    /// a choice of membership, the children whose reading changes (`changed`).
    public static func rows(_ set: ReadingComparisonRelease.Set) -> [[String]] {
        var out: [[String]] = []
        for c in set.comparisons {
            let base = c.base
            guard let from = c.alternatives.first?.from, let choice = c.alternatives.first?.choice else { continue }
            for (r, row) in base.table.rows.enumerated() {
                for (col, name) in base.table.columns.enumerated() {
                    out.append([choice.rawValue, c.table.name, row.id, "count", from, name, "", base.cell(r, col)])
                }
            }
            for alt in c.alternatives {
                if alt.moversPublished {
                    out.append([alt.choice.rawValue, c.table.name, "", "changed", alt.reading, "", "",
                                alt.movers.map(String.init) ?? Publication.Cell.hiddenMark])
                }
                guard let t = alt.table else { continue }
                for (r, row) in t.table.rows.enumerated() {
                    for (col, name) in t.table.columns.enumerated() {
                        out.append([alt.choice.rawValue, c.table.name, row.id, "count", alt.reading, name, "", t.cell(r, col)])
                    }
                    for (col, name) in t.table.columns.enumerated() {
                        guard let br = base.table.rows.firstIndex(where: { $0.id == row.id }),
                              let bc = base.table.columns.firstIndex(of: name) else { continue }
                        let shown = !t.isHidden(r, col) && !base.isHidden(br, bc)
                        let difference = shown ? String(t.table.counts[r][col] - base.table.counts[br][bc]) : Publication.Cell.hiddenMark
                        out.append([alt.choice.rawValue, c.table.name, row.id, "difference", alt.reading, name, "", difference])
                    }
                }
                guard let m = alt.movements else { continue }
                if alt.choice.publishesOnlyMovers {
                    // A choice of membership: the children of a cohort under the run's reading by cohort under the other
                    // reading, or `out` of its population (`moved-cohort`), every one shown listed.
                    for (r, row) in m.table.rows.enumerated() {
                        for (col, name) in m.table.columns.enumerated() where !m.isHidden(r, col) {
                            out.append([alt.choice.rawValue, c.table.name, row.id, "moved-cohort", alt.reading, "", name, m.cell(r, col)])
                        }
                    }
                    continue
                }
                for (r, row) in m.table.rows.enumerated() {
                    for (col, name) in m.table.columns.enumerated() where col != m.table.totalColumn {
                        let pair = name.split(separator: ">", maxSplits: 1).map(String.init)
                        guard pair.count == 2, pair[0] != pair[1] else { continue }
                        // Every movement shown is listed (a 0 shown too); a hidden one (every one from 0 to the
                        // threshold, zeros too, and others hidden to protect them) is left out.
                        guard !m.isHidden(r, col) else { continue }
                        out.append([alt.choice.rawValue, c.table.name, row.id, "moved", alt.reading, pair[0], pair[1], m.cell(r, col)])
                    }
                }
            }
        }
        return out
    }

    public static func csv(_ set: ReadingComparisonRelease.Set) -> String {
        ([header] + rows(set)).map { $0.map(TableFormatter.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// The workbook sheet's name (a sheet name has at most 31 characters) and its title.
    public static let sheetName = "Depends on the reading"
    public static let sheetTitle = "How the answer depends on the reading"

    /// The sheet: per choice, in words, what this answer reads and what the other reading gives, then a table
    /// of each cell whose count differs, and the largest movements.
    public static func sheet(_ set: ReadingComparisonRelease.Set) -> XLSXWorkbook.Sheet {
        var rows: [[XLSXWorkbook.Cell]] = [
            [.bold(sheetTitle)],
            [.text("The request's words can be read in more than one way. This answer uses the readings set out in the notes. For each choice below it says what this answer reads, and what the counts would be under the other reading, for the same children.")],
            [.text(set.threshold > 0 ? "c: a count from 1 to \(set.threshold), or another count hidden so that none of those can be worked out from the rest (the numbers on this sheet are protected together with the rest of the answer)." : "No counts are hidden (suppression off): not for publication.")],
        ]
        if let reason = set.withheldReason { rows.append([.text("The other readings' tables are not given: \(reason).")]) }
        var seen = Swift.Set<String>()
        for c in set.comparisons {
            for alt in c.alternatives {
                let title = ReleaseWorkbook.question(c.table).components(separatedBy: ".").first ?? c.table.name
                if seen.insert(alt.choice.rawValue + alt.reading).inserted {
                    rows += [[], [.bold("Choice: \(alt.choice.question).")],
                             [.text("This answer: \(alt.choice.describe(alt.from)). Other reading: \(alt.choice.describe(alt.reading)) (cinx option \(alt.choice.option) \(alt.reading)).")]]
                }
                if alt.moversPublished {
                    // Hidden when from 1 to the threshold, or when it would say more of a hidden count (docs/privacy.md): not "1 to 5".
                    let n = alt.movers.map { "\($0)" } ?? "c (hidden)"
                    rows.append([.text("Under the other reading, \(n) children would be counted differently in this table: in or out of the population, in another cohort, or with another value. Because that changes who is in each cohort, this answer does not give the other reading's tables beside its own.")])
                    continue
                }
                guard let t = alt.table else { continue }
                rows.append([.text("\(title) (table \(c.table.name)): cells whose count differs.")])
                rows.append([.bold("Cohort"), .bold("Cell"), .bold("This answer"), .bold("Other reading"), .bold("Difference")])
                var any = false
                for (r, row) in t.table.rows.enumerated() {
                    guard let br = c.base.table.rows.firstIndex(where: { $0.id == row.id }) else { continue }
                    for (col, name) in t.table.columns.enumerated() {
                        guard let bc = c.base.table.columns.firstIndex(of: name) else { continue }
                        let a = c.base.cell(br, bc), b = t.cell(r, col)
                        let shown = !t.isHidden(r, col) && !c.base.isHidden(br, bc)
                        guard !shown || t.table.counts[r][col] != c.base.table.counts[br][bc] else { continue }
                        any = true
                        let difference: XLSXWorkbook.Cell = shown ? .integer(t.table.counts[r][col] - c.base.table.counts[br][bc]) : .rightText(Publication.Cell.hiddenMark)
                        rows.append([.text(row.id), .text(name), number(a), number(b), difference])
                    }
                }
                if !any { rows.append([.text("No count differs.")]) }
                if let m = alt.movements, alt.choice.publishesOnlyMovers {
                    rows.append([.text("Children by cohort in this answer and cohort under the other reading (out: not in its population; counts from 0 to \(set.threshold), and some others hidden to protect them, are c):")])
                    rows.append([.bold("Cohort")] + m.table.columns.map { .bold($0) })
                    for (r, row) in m.table.rows.enumerated() {
                        rows.append([.text(row.id)] + m.table.columns.indices.map { number(m.cell(r, $0)) })
                    }
                } else if let m = alt.movements {
                    var moves: [(cohort: String, from: String, to: String, text: String, n: Int)] = []
                    for (r, row) in m.table.rows.enumerated() {
                        for (col, name) in m.table.columns.enumerated() where col != m.table.totalColumn {
                            let pair = name.split(separator: ">", maxSplits: 1).map(String.init)
                            guard pair.count == 2, pair[0] != pair[1], !m.isHidden(r, col), m.table.counts[r][col] != 0 else { continue }
                            moves.append((row.id, pair[0], pair[1], m.cell(r, col), m.table.counts[r][col]))
                        }
                    }
                    if !moves.isEmpty {
                        rows.append([.text("Children who move between cells (from this answer's cell to the other reading's; moves of fewer than \(set.threshold + 1) children, and some others hidden to protect them, are not listed):")])
                        rows.append([.bold("Cohort"), .bold("From"), .bold("To"), .bold("Children")])
                        for mv in moves.sorted(by: { $0.n > $1.n }) { rows.append([.text(mv.cohort), .text(mv.from), .text(mv.to), number(mv.text)]) }
                    }
                }
            }
        }
        return .init(name: sheetName, rows: rows, frozenRows: 1, widths: [12, 28, 14, 14, 12], wraps: true)
    }

    static func number(_ text: String) -> XLSXWorkbook.Cell {
        Int(text).map { .integer($0) } ?? .rightText(text)
    }
}
