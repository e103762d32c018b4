import CINLoading
import CINModel
import CohortEngine
import Foundation

/// The FOI response as one workbook: a sheet per table in the order of the request's questions,
/// each under the question's words, codes with their DfE names, and a `notes` sheet on method,
/// options, suppression, the load and the inputs.
public enum ReleaseWorkbook {
    /// The request, as every authority received it.
    public static let request = "For the following cohorts of children who, on their first assessment with factor data during the year ending 31st March 2017: A. those without a factor 4B or 5B; B. those with a factor 4B or 5B; C. those with 4B or 5B plus either 1B or 2B; D. those with 4B or 5B plus 3B; E. those with 4B or 5B plus 3B plus either 1B or 2B."

    /// The question each table answers.
    public static func question(_ table: ReportTable) -> String {
        switch table {
        case .summary: return "Cohort sizes: children on their first assessment with factor data in the year, by cohort."
        case .dimension(.ageBand), .dimension(.ethnicity), .dimension(.ethnicGroup):
            return "Q1. The breakdown by cohort and by age band (including unborn children) and ethnicity."
        case .dimension(.maltreatment): return "Q2. Where there was also a factor of maltreatment (16A, 17A, 18A, 19A) in the initial assessment, the breakdown by cohort and factor."
        case .dimension(.need): return "Q3. Where, in the two years following assessment, the child became a child in need, the breakdown by cohort and by primary category of need (N0 to N9) on the first episode of need within the two-year period."
        case .dimension(let d): return "Cohorts by \(d.title)."
        case .trend: return "Cohort sizes by reporting year: children on their first assessment with factor data in each year, by cohort."
        }
    }

    /// A column header with the code's DfE name beside it: "16A Neglect", "N1 Abuse or neglect".
    public static func header(_ column: String, table: ReportTable) -> String {
        if table == .dimension(.maltreatment), let i = Maltreatment.labels.firstIndex(of: column) { return "\(column) \(Maltreatment.names[i])" }
        for (list, d) in [(PrimaryNeed.list, Dimension.need), (Ethnicity.list, .ethnicity)] {
            if let i = list.codes.firstIndex(of: column), table == .dimension(d) { return "\(column) \(list.labels[i])" }
        }
        if column == "All" { return "All (cohort size)" }
        if column == "None" && table == .dimension(.need) { return "None (no episode of need in the window)" }
        return column
    }

    public static func workbook(_ p: Publication, manifest: ReleaseManifest) -> XLSXWorkbook {
        var sheets: [XLSXWorkbook.Sheet] = []
        let context = p.context
        let setting = "Year \(context["year"] ?? ""); follow-up \(manifest.followUpYears) year(s), need episode \(manifest.needEpisode)\(manifest.readingsText.map { ", \($0)" } ?? ""); filters: \(context["filters"] ?? "none")."
        for t in p.tables {
            var rows: [[XLSXWorkbook.Cell]] = [[.bold(question(t.table))], [.text(setting)], [.text(hiddenKey(threshold: p.threshold))], []]
            let headers = t.columns.map { TableFormatter.heading(header($0, table: t.table)) } + (t.shares.isEmpty ? [] : [p.shareLabel])
            rows.append([.bold("Cohort"), .bold("Label")] + headers.map { .bold($0) })
            for (r, row) in t.rows.enumerated() {
                rows.append([.text(row.id), .text(row.label)] + t.columns.indices.map { cell(t.cell(r, $0)) }
                            + (t.shares.isEmpty ? [] : [cell(t.shares.indices.contains(r) ? t.shares[r] : .hidden)]))
            }
            // Count columns stay narrow and their headers wrap: the ethnicity table's 22 columns at
            // full name width printed one page wide would be too small to read.
            let widths = t.shares.isEmpty ? [8.0, 34] + headers.map { Double(min(max($0.count + 2, 8), 12)) } : [8, 34, 12, 16]
            // A sheet name is the table's; a view's sheet is named as its table.
            sheets.append(.init(name: t.name, rows: rows, frozenRows: 5, widths: widths, headerRow: 4))
        }
        sheets.append(notes(p, manifest: manifest))
        let title = "Children in need: cohorts by assessment factors, \(context["year"].map { "year \($0)" } ?? "year ending 31 March \(manifest.year)")"
        return XLSXWorkbook(sheets: sheets, properties: .init(title: title, creator: "\(ReleaseManifest.generatorName) \(manifest.version)",
                                                              created: manifest.written))
    }

    /// A published cell in a sheet: a count or a percentage as a number, anything else as text.
    static func cell(_ c: Publication.Cell) -> XLSXWorkbook.Cell {
        switch c {
        case .shown(.count(let n)): return .integer(n)
        case .shown(.percent(let t)): return .oneDecimal(Double(t) / 10)
        default: return .rightText(c.text())
        }
    }

    /// What `c` means, under every table: the recipient has the workbook and nothing else.
    static func hiddenKey(threshold: Int) -> String {
        threshold > 0
            ? "c: a count from 1 to \(threshold), or another count hidden so that none of those can be worked out from the rest."
            : "No counts are hidden (suppression off): not for publication."
    }

    /// A path without its directories: the recipient needs the file's name to match the digest,
    /// not where it lay on the machine that wrote the response.
    static func fileName(_ path: String) -> String {
        let name = PathFolder.name(path)
        return name.isEmpty ? path : name
    }

    /// The command as run, with the input files and the output file by name only (their
    /// directories are local to the machine that ran it).
    static func command(_ manifest: ReleaseManifest) -> String {
        let inputs = Set(manifest.inputs.map(\.path))
        var out: [String] = []
        var previous = ""
        for a in manifest.commandLine {
            if inputs.contains(a) || previous == "--out" || previous == "-o" { out.append(fileName(a)) }
            else if a.hasPrefix("--out=") { out.append("--out=" + fileName(String(a.dropFirst(6)))) }
            else { out.append(a) }
            previous = a
        }
        return ReleaseManifest.shellLine(out)
    }

    /// The notes: two columns (a label and its text, wrapping) that print side by side on one page
    /// width, and say everything a recipient needs without cinx's documentation.
    static func notes(_ p: Publication, manifest: ReleaseManifest) -> XLSXWorkbook.Sheet {
        let context = p.context
        var rows: [[XLSXWorkbook.Cell]] = [[.bold("Notes on this response")], [], [.bold("The request"), .text(request)], []]
        rows.append([.bold("Definitions"), .text("How each count is made (definitions version \(manifest.definitions)).")])
        let window = manifest.needEpisode == "first"
            ? "the child's first episode of need, by referral date, open at any time in the window"
            : "the first episode of need referred after the assessment's authorisation and inside the window"
        let definitions: [(String, String)] = [
            ("Year", "1 April to 31 March; the reporting year is \(context["year"] ?? "the year ending 31 March \(manifest.year)")."),
            ("Assessment with factor data", "An authorised assessment with at least one factor code; code 21 (no factors identified) counts. An assessment without an authorisation date or with an empty factor list does not."),
            ("Population", "Children with at least one assessment with factor data authorised in the year. The child's first such assessment, by authorisation date, decides everything below; when several are authorised on that first day, their factors are taken together."),
            ("Cohorts", "On the first assessment's factors: A, not 4B or 5B; B, 4B or 5B; C, B and (1B or 2B); D, B and 3B; E, B and 3B and (1B or 2B). A and B divide the population between them; C, D and E lie inside B and overlap (E is the children in both C and D)."),
            ("Age band", "Completed years at the first assessment's start date (its authorisation date when the start is missing): Unborn (born after that date, or only an expected birth date), Under 1, 1-4, 5-9, 10-15, 16+, Unknown (no birth date)."),
            ("Ethnicity", "The child's ethnicity code in the latest return; ethnic groups are the DfE's major groups; Unknown: blank or not a DfE code."),
            ("Maltreatment", "Factors on the first assessment: 16A neglect; 17A emotional abuse; 18A physical abuse (18B or 18C from 2020-21); 19A sexual abuse (19B or 19C from 2020-21). A child counts in every column that applies. All is the cohort size, not the number with a maltreatment factor."),
            ("Episode of need", "A referral (CIN episode) that was not closed as no further action."),
            ("Need", "In the \(manifest.followUpYears)-year window from the first assessment's authorisation date: \(window). Its primary need code gives the column (N0 to N9); Unknown: no or an unrecognised code; None: no such episode."),
        ]
        for (label, text) in definitions { rows.append([.text(label), .text(text)]) }
        rows += [[], [.bold("Options"), .text("year \(manifest.year), follow-up \(manifest.followUpYears) year(s), need episode \(manifest.needEpisode)\(manifest.readingsText.map { ", \($0)" } ?? ""); filters: \(context["filters"] ?? "none")")]]
        if let other = manifest.readingsText {
            rows.append([.bold("Readings"), .text("The definitions above are cinx's default readings; this response reads differently: \(other) (docs/definitions.md).")])
        }
        if let past = manifest.followUpPastLastReturn { rows.append([.bold("WARNING"), .text(past.note + ".")]) }
        for c in manifest.cohorts where !CohortDefinition.standard.contains(where: { $0.id == c.id }) {
            rows.append([.text("cohort \(c.id)"), .text(c.label == c.rule ? c.rule : "\(c.label): \(c.rule)")])
        }
        rows.append([.text("command"), .text(command(manifest))])
        if !p.viewNotes.isEmpty {
            rows += [[], [.bold("The view"), .text("This workbook holds one view of the explorer, as it was on screen.")]]
            for n in p.viewNotes { rows.append([.text(n.label), .text(n.text)]) }
        }
        let suppression = p.threshold > 0
            ? "Counts from 1 to \(p.threshold) are shown as c, as the DfE publishes. Further cells are hidden (also c) so that no hidden count can be worked out from the tables of this workbook together: every hidden cell could hold any of at least \(p.protection + 1) values. 0 is a true zero."
            : "Suppression is off: every count is shown. Not for publication."
        rows += [[], [.bold("Suppression"), .text(suppression)]]
        let audit = manifest.audit.map { a in
            a.clean ? "Clean: \(a.hiddenCells) hidden cells, each checked against everything published; the narrowest range an attacker can reach spans \(a.narrowestRange.map { "\($0 + 1) values" } ?? "no bound")." : "NOT clean"
        } ?? "not run"
        rows.append([.text("disclosure audit"), .text(audit)])
        if let l = manifest.loaded {
            rows += [[], [.bold("Load"), .text("\(l.children) children, \(l.episodes) episodes, \(l.assessments) assessments; \(l.problems) data-quality problem(s)")]]
            // In the rule's words (and its DfE number): the raw name is cinx's, not the reader's.
            let kinds = l.problemsByKind.map { (title: LoadRule(rawValue: $0.key)?.title ?? $0.key, count: $0.value) }
            for k in kinds.sorted(by: { $0.title < $1.title }) {
                if case .shown(let count) = k.count { rows.append([.text(k.title), .integer(count)]) }
                else { rows.append([.text(k.title), .rightText(Publication.Cell.hidden.text())]) }
            }
        }
        rows += [[], [.bold("Input files"), .bold("SHA-256")]]
        for i in manifest.inputs { rows.append([.text(fileName(i.path)), .text("\(i.sha256) (\(i.bytes) bytes)")]) }
        rows += [[], [.text("cinx version"), .text(manifest.version)], [.text("written"), .text(manifest.written)]]
        return .init(name: "notes", rows: rows, frozenRows: 0, widths: [40, 95], wraps: true)
    }
}
