import CohortEngine
import Foundation

/// Renders suppressed tables as the CSV contract (docs/definitions.md, "Output"), Markdown or JSON.
public enum TableFormatter {
    /// RFC 4180 CSV: `cohort` then the dimension's columns; summary is `cohort,label,children,percent`.
    public static func csv(_ t: SuppressedTable) -> String {
        var out = ""
        if t.table.name == "summary" {
            out += "cohort,label,children,percent\r\n"
            for (r, row) in t.table.rows.enumerated() {
                out += [row.id, row.label, t.cell(r, 0), percentCell(t, r)].map(field).joined(separator: ",") + "\r\n"
            }
            return out
        }
        out += (["cohort"] + t.table.columns).map(field).joined(separator: ",") + "\r\n"
        for (r, row) in t.table.rows.enumerated() {
            out += ([row.id] + t.table.columns.indices.map { t.cell(r, $0) }).map(field).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// Percent of the selected population, one decimal; `c` when the count is hidden.
    public static func percentCell(_ t: SuppressedTable, _ r: Int) -> String {
        // A percentage of a hidden count, or of a hidden population, would give it away.
        if t.isHidden(r, 0) || t.populationHidden { return "c" }
        guard t.table.population > 0, t.table.counts.indices.contains(r) else { return "0.0" }
        return String(format: "%.1f", Double(t.table.counts[r][0]) * 100 / Double(t.table.population))
    }

    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func markdown(_ t: SuppressedTable, title: String, footer: [String]) -> String {
        var out = "### \(title)\n\n"
        let isSummary = t.table.name == "summary"
        let headers = isSummary ? ["Cohort", "Children", "% of population"] : ["Cohort"] + t.table.columns
        out += "| " + headers.joined(separator: " | ") + " |\n"
        out += "|" + headers.enumerated().map { $0.offset == 0 ? " --- " : " ---: " }.joined(separator: "|") + "|\n"
        for (r, row) in t.table.rows.enumerated() {
            let name = "\(row.id): \(row.label)"
            let cells = isSummary ? [t.cell(r, 0), percentCell(t, r)] : t.table.columns.indices.map { t.cell(r, $0) }
            out += "| " + ([name] + cells).joined(separator: " | ") + " |\n"
        }
        if !footer.isEmpty { out += "\n" + footer.map { "_\($0)_" }.joined(separator: "  \n") + "\n" }
        return out
    }

    public static func json(_ tables: [SuppressedTable], context: [String: String]) -> String {
        var doc: [String: Any] = ["context": context]
        var list: [[String: Any]] = []
        for t in tables {
            var rows: [[String: Any]] = []
            for (r, row) in t.table.rows.enumerated() {
                var cells: [String: Any] = [:]
                for (c, col) in t.table.columns.enumerated() {
                    cells[col] = t.isHidden(r, c) ? "c" as Any : t.table.counts[r][c] as Any
                }
                var entry: [String: Any] = ["cohort": row.id, "label": row.label, "values": cells]
                if t.table.name == "summary" { entry["percent"] = percentCell(t, r) }
                rows.append(entry)
            }
            let population: Any = t.populationHidden ? "c" : t.table.population
            list.append(["table": t.table.name, "columns": t.table.columns, "population": population,
                         "suppressionThreshold": t.threshold, "rows": rows])
        }
        doc["tables"] = list
        guard let data = try? JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
