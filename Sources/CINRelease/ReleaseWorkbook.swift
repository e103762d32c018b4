import CINModel
import CohortEngine
import Foundation

/// The FOI response as one workbook: a sheet per table in the order of the request's questions,
/// each under the question's words, codes with their DfE names, and a `notes` sheet on method,
/// options, suppression, the load and the inputs.
public enum ReleaseWorkbook {
    /// The request, as every authority received it (docs/definitions.md).
    public static let request = "For the following cohorts of children who, on their first assessment with factor data during the year ending 31st March 2017: A. those without a factor 4B or 5B; B. those with a factor 4B or 5B; C. those with 4B or 5B plus either 1B or 2B; D. those with 4B or 5B plus 3B; E. those with 4B or 5B plus 3B plus either 1B or 2B."

    /// The question each table answers.
    public static func question(_ table: String) -> String {
        switch table {
        case "summary": return "Cohort sizes: children on their first assessment with factor data in the year, by cohort."
        case "age", "ethnicity", "ethnic-group": return "Q1. The breakdown by cohort and by age band (including unborn children) and ethnicity."
        case "maltreatment": return "Q2. Where there was also a factor of maltreatment (16A, 17A, 18A, 19A) in the initial assessment, the breakdown by cohort and factor."
        case "need": return "Q3. Where, in the two years following assessment, the child became a child in need, the breakdown by cohort and by primary category of need (N0 to N9) on the first episode of need within the two-year period."
        default: return "Cohorts by \(Dimension(name: table)?.title ?? table)."
        }
    }

    /// A column header with the code's DfE name beside it: "16A Neglect", "N1 Abuse or neglect".
    public static func header(_ column: String, table: String) -> String {
        if table == "maltreatment", let i = Maltreatment.labels.firstIndex(of: column) { return "\(column) \(Maltreatment.names[i])" }
        for list in [PrimaryNeed.list, Ethnicity.list] {
            if let i = list.codes.firstIndex(of: column), table == "need" || table == "ethnicity" { return "\(column) \(list.labels[i])" }
        }
        if column == "All" { return "All (cohort size)" }
        if column == "None" && table == "need" { return "None (no episode of need in the window)" }
        return column
    }

    public static func workbook(_ release: ProtectedRelease, manifest: ReleaseManifest, context: [String: String]) -> XLSXWorkbook {
        var sheets: [XLSXWorkbook.Sheet] = []
        let setting = "Year \(context["year"] ?? ""); follow-up \(manifest.followUpYears) year(s), need episode \(manifest.needEpisode); filters: \(context["filters"] ?? "none")."
        for t in release.tables {
            let name = t.table.name
            var rows: [[XLSXWorkbook.Cell]] = [[.bold(question(name))], [.text(setting)],
                                               [.text("c: a count from 1 to \(release.threshold), or hidden to protect one (docs/privacy.md).")], []]
            if name == "summary" {
                rows.append([.bold("Cohort"), .bold("Label"), .bold("Children"), .bold("% of population")])
                for (r, row) in t.table.rows.enumerated() {
                    let count: XLSXWorkbook.Cell = t.isHidden(r, 0) ? .text("c") : .integer(t.table.counts[r][0])
                    let pct = TableFormatter.percentCell(t, r)
                    rows.append([.text(row.id), .text(row.label), count, Double(pct).map { .oneDecimal($0) } ?? .text(pct)])
                }
                sheets.append(.init(name: name, rows: rows, frozenRows: 5, widths: [8, 34, 12, 16]))
                continue
            }
            rows.append([.bold("Cohort"), .bold("Label")] + t.table.columns.map { .bold(header($0, table: name)) })
            for (r, row) in t.table.rows.enumerated() {
                rows.append([.text(row.id), .text(row.label)] + t.table.columns.indices.map { c in
                    t.isHidden(r, c) ? .text("c") : .integer(t.table.counts[r][c])
                })
            }
            let widths = [8.0, 34] + t.table.columns.map { Double(min(max(header($0, table: name).count + 2, 8), 34)) }
            sheets.append(.init(name: name, rows: rows, frozenRows: 5, widths: widths))
        }
        sheets.append(notes(release, manifest: manifest, context: context))
        return XLSXWorkbook(sheets: sheets)
    }

    static func notes(_ release: ProtectedRelease, manifest: ReleaseManifest, context: [String: String]) -> XLSXWorkbook.Sheet {
        var rows: [[XLSXWorkbook.Cell]] = [[.bold("Notes on this response")], [], [.bold("The request")], [.text(request)], []]
        rows.append([.bold("Definitions"), .text("docs/definitions.md (\(manifest.definitions))")])
        let definitions: [(String, String)] = [
            ("1", "Year: 1 April to 31 March; the reporting year is \(context["year"] ?? "")."),
            ("2", "Assessment with factor data: authorised, with at least one factor code (21, no factors, counts)."),
            ("3", "Population: children with such an assessment authorised in the year; the first by authorisation date decides."),
            ("4", "Cohorts: A not (4B or 5B); B 4B or 5B; C B and (1B or 2B); D B and 3B; E B and 3B and (1B or 2B)."),
            ("5", "Age band at the first assessment's start: Unborn, Under 1, 1-4, 5-9, 10-15, 16+, Unknown."),
            ("6", "Ethnicity: the latest return's code; ethnic groups are the DfE's major groups."),
            ("7", "Maltreatment: 16A neglect, 17A emotional, 18A/B/C physical, 19A/B/C sexual abuse; All is the cohort size."),
            ("8", "Episode of need: a referral that is not ReferralNFA."),
            ("9", "Need in follow-up: the \(manifest.needEpisode == "first" ? "first episode of need open in" : "first episode referred after the assessment within") the \(manifest.followUpYears)-year window; None: no such episode."),
        ]
        for (id, text) in definitions { rows.append([.text(id), .text(text)]) }
        rows += [[], [.bold("Options"), .text("year \(manifest.year), follow-up \(manifest.followUpYears), need episode \(manifest.needEpisode); filters: \(context["filters"] ?? "none")")]]
        if let past = manifest.followUpPastLastReturn { rows.append([.bold("WARNING"), .text(past.note + ".")]) }
        for c in manifest.cohorts where !CohortDefinition.standard.contains(where: { $0.id == c.id }) {
            rows.append([.text("cohort \(c.id)"), .text(c.rule)])
        }
        rows.append([.text("command"), .text(manifest.commandLine.joined(separator: " "))])
        rows += [[], [.bold("Suppression"), .text("Counts from 1 to \(release.threshold) are shown as c; further cells are hidden so that no hidden count can be worked out from this workbook (every hidden cell's possible range spans at least \(release.protection + 1) values; docs/privacy.md).")]]
        let audit = manifest.audit.map { a in
            a.clean ? "clean: \(a.hiddenCells) hidden cells, the narrowest range \(a.narrowestRange.map { "\($0 + 1) values" } ?? "unbounded")" : "NOT clean"
        } ?? "not run"
        rows.append([.text("disclosure audit"), .text(audit)])
        if let l = manifest.loaded {
            rows += [[], [.bold("Load"), .text("\(l.children) children, \(l.episodes) episodes, \(l.assessments) assessments; \(l.problems) data-quality problem(s)")]]
            for (kind, n) in l.problemsByKind.sorted(by: { $0.key < $1.key }) {
                if case .shown(let count) = n { rows.append([.text(kind), .integer(count)]) } else { rows.append([.text(kind), .text("c")]) }
            }
        }
        rows += [[], [.bold("Input files"), .bold("bytes"), .bold("SHA-256")]]
        for i in manifest.inputs { rows.append([.text(i.path), .integer(i.bytes), .text(i.sha256)]) }
        rows += [[], [.text("cinx version"), .text(manifest.version)], [.text("written"), .text(manifest.written)]]
        return .init(name: "notes", rows: rows, frozenRows: 0, widths: [28, 100, 70])
    }
}
