import CohortEngine
import Foundation

/// Renders a publication's tables as the CSV contract (docs/definitions.md, "Output"), Markdown or JSON.
public enum TableFormatter {
    /// RFC 4180 CSV: `cohort`, the row's label where the table is labelled, the columns, and the
    /// share of the population where the table has one (the summary: `cohort,label,children,percent`).
    public static func csv(_ t: Publication.Table) -> String {
        let header = ["cohort"] + (t.labelled ? ["label"] : []) + t.columns + (t.shares.isEmpty ? [] : ["percent"])
        var out = header.map(field).joined(separator: ",") + "\r\n"
        for (r, row) in t.rows.enumerated() {
            out += ([row.id] + (t.labelled ? [row.label] : []) + t.columns.indices.map { t.cell(r, $0).text() } + share(t, r))
                .map(field).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// A protected table as published (`Publication.Table(protected:)`), as CSV.
    public static func csv(_ t: SuppressedTable) -> String {
        Publication.Table(protected: t).map { csv($0) } ?? ""
    }

    /// The share column of row `r`: one decimal without a sign, `c` where withheld.
    static func share(_ t: Publication.Table, _ r: Int) -> [String] {
        guard !t.shares.isEmpty else { return [] }
        return [t.shares.indices.contains(r) ? t.shares[r].text(percentSign: false) : Publication.Cell.hidden.text()]
    }

    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A column as a heading: the summary's count column is "Children".
    static func heading(_ column: String) -> String { column == "children" ? "Children" : column }

    public static func markdown(_ t: Publication.Table, shareLabel: String, footer: [String]) -> String {
        var out = "### \(t.title)\n\n"
        let headers = ["Cohort"] + t.columns.map(heading) + (t.shares.isEmpty ? [] : [shareLabel])
        out += "| " + headers.joined(separator: " | ") + " |\n"
        out += "|" + headers.enumerated().map { $0.offset == 0 ? " --- " : " ---: " }.joined(separator: "|") + "|\n"
        for (r, row) in t.rows.enumerated() {
            let cells = t.columns.indices.map { t.cell(r, $0).text() } + share(t, r)
            out += "| " + (["\(row.id): \(row.label)"] + cells).joined(separator: " | ") + " |\n"
        }
        if !footer.isEmpty { out += "\n" + footer.map { "_\($0)_" }.joined(separator: "  \n") + "\n" }
        return out
    }

    /// Every table of the publication as Markdown, one after another.
    public static func markdown(_ p: Publication) -> String {
        p.tables.map { markdown($0, shareLabel: p.shareLabel, footer: p.footer) }.joined(separator: "\n")
    }

    /// The publication as one JSON document: its context, and each table with its cells (a count as a
    /// number; `c`, a percentage or a word as text).
    public static func json(_ p: Publication) -> String {
        var doc: [String: Any] = ["context": p.context]
        var list: [[String: Any]] = []
        for t in p.tables {
            var rows: [[String: Any]] = []
            for (r, row) in t.rows.enumerated() {
                var cells: [String: Any] = [:]
                for (c, col) in t.columns.enumerated() {
                    let cell = t.cell(r, c)
                    if case .shown(.count(let n)) = cell { cells[col] = n } else { cells[col] = cell.text() }
                }
                var entry: [String: Any] = ["cohort": row.id, "label": row.label, "values": cells]
                if let share = share(t, r).first { entry["percent"] = share }
                rows.append(entry)
            }
            let population: Any = t.population.count.map { $0 as Any } ?? t.population.text()
            list.append(["table": t.name, "columns": t.columns, "population": population,
                         "suppressionThreshold": p.threshold, "rows": rows])
        }
        doc["tables"] = list
        guard let data = try? JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
