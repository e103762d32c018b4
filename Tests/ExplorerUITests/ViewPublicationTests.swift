import Testing
import Foundation
import CINModel
import CINRelease
import CohortEngine
@testable import ExplorerUI

/// A view's exports are the view: for views made by key script (drills into every cohort, filters,
/// custom cohorts, each percent mode, sorts, the trend, the authority breakdown), the screen, the
/// CSV, the workbook and the JSON hold the same numbers under the same labels, read back by real
/// readers (openpyxl for the workbook, python's json for the JSON); and the `--keys` line `Y` writes
/// rebuilds the same screen from a fresh start.
@Suite(.serialized) struct ViewPublicationTests {
    static let scripts: [String] = [
        "",
        "percent row",
        "percent column",
        "percent both",
        "percent column; sort 16A desc",
        "drill A; by age",
        "drill B; by ethnicity; percent row",
        "drill C; by need; percent column",
        "drill D; by maltreatment; percent both",
        "drill E; by age; drill 1-4; by need; percent row",
        "drill B:16A; by need",
        "factor 5B exclude; drill B; by age; drill 1-4; by ethnicity",
        "factor 3B require; by ethnic-group; sort Total desc",
        "cohort F=6B & !4B; by need",
        "cohort F=10A; drill F; by age; percent row",
        "cohort G=3B | 1B; drill E; by need; percent column",
        "by age; sort 1-4 asc",
        "by factor; percent column",
        "hide B; by need; percent row",
        "follow-up 3; need-episode later; by need; percent both",
        "threshold 10; by age",
        "by trend",
        "by trend; percent column",
        "year 2018; follow-up 3; need-episode later; threshold 10; hide B; factor 24A require; percent column",
    ]

    /// The pooled extract of two authorities, for the authority breakdown.
    static let authorityScripts = ["by authority", "by authority; percent column", "drill B; by authority; sort Total desc"]

    struct Written {
        var script: String
        var model: ViewModel
        var csv: String
        var xlsx: String
        var json: String
    }

    /// Reads each workbook's first sheet (openpyxl) and each JSON file (json): one JSON object by path.
    static func readBack(_ files: [String]) throws -> [String: Any] {
        let script = """
            import json, sys, openpyxl
            out = {}
            for path in sys.argv[1:]:
                if path.endswith(".xlsx"):
                    ws = openpyxl.load_workbook(path).worksheets[0]
                    out[path] = [[c.value for c in row] for row in ws.iter_rows()]
                else:
                    with open(path) as f: out[path] = json.load(f)
            print(json.dumps(out))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script] + files
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func write(_ script: String, _ state: ExplorerState, dir: String, index: Int) throws -> Written {
        var s = state
        ScriptRunnerHelper.run(script, &s)
        let base = "\(dir)/view\(index)"
        for ext in ["csv", "xlsx", "json"] {
            s.export(to: "\(base).\(ext)", all: false, overwrite: true)
            #expect(s.message?.hasPrefix("exported") == true, "\(script) .\(ext): \(s.message ?? "")")
        }
        // The screen's trend marks a year past the data (`2019!`); the file's columns are the years.
        var m = s.model
        m.columns = m.columns.map { $0.hasSuffix(ViewModel.pastTheDataMark) ? String($0.dropLast()) : $0 }
        return Written(script: script, model: m, csv: "\(base).csv", xlsx: "\(base).xlsx", json: "\(base).json")
    }

    /// The numbers a cell holds, as a workbook reader gets them: an integer, a percentage, or text.
    func matches(_ value: Any?, _ cell: ViewModel.Cell) -> Bool {
        switch cell.published {
        case .shown(.count(let n)): return (value as? Int) == n
        case .shown(.percent(let t)): return (value as? Double).map { abs($0 - Double(t) / 10) < 1e-9 } ?? false
        default: return (value as? String) == cell.exportText
        }
    }

    func check(_ w: Written, read: [String: Any]) throws {
        let m = w.model
        let script = w.script
        // The screen (no reveal, at the export threshold): its cells are what the exports hold.
        #expect(m.cells.flatMap { $0 }.allSatisfy { $0.text == $0.exportText }, "\(script)")
        // CSV: the view's header and rows, in order, cell for cell.
        let lines = try String(contentsOfFile: w.csv, encoding: .utf8).components(separatedBy: "\r\n").dropLast()
        let labelled = m.drillableColumns.isEmpty
        #expect(lines.first == ((labelled ? ["cohort", "label"] : ["cohort"]) + m.columns).map(TableFormatter.field).joined(separator: ","), "\(script)")
        #expect(lines.count == m.rowIDs.count + 1, "\(script)")
        for (r, line) in lines.dropFirst().enumerated() where m.rowIDs.indices.contains(r) {
            let expected = [m.rowIDs[r]] + (labelled ? [m.rowLabels[r]] : []) + m.cells[r].map(\.text)
            #expect(line == expected.map(TableFormatter.field).joined(separator: ","), "\(script) row \(r)")
        }
        // Workbook: the header at row 5, then each row with its label as the screen gives it.
        let sheet = try #require(read[w.xlsx] as? [[Any?]], "\(script)")
        let header = sheet.indices.contains(4) ? sheet[4].compactMap { $0 as? String } : []
        #expect(header.prefix(2) == ["Cohort", "Label"], "\(script)")
        #expect(header.count == m.columns.count + 2, "\(script)")
        let body = Array(sheet.dropFirst(5))
        #expect(body.count == m.rowIDs.count, "\(script)")
        for (r, row) in body.enumerated() where m.rowIDs.indices.contains(r) {
            #expect(row.first as? String == m.rowIDs[r], "\(script)")
            #expect(row.count > 1 && row[1] as? String == m.rowLabels[r], "\(script) label \(r)")
            for c in m.columns.indices where row.indices.contains(c + 2) {
                #expect(matches(row[c + 2], m.cells[r][c]), "\(script) xlsx \(m.rowIDs[r]) \(m.columns[c]): \(String(describing: row[c + 2])) vs \(m.cells[r][c].text)")
            }
        }
        // JSON: the same rows, labels and cells.
        let doc = try #require(read[w.json] as? [String: Any], "\(script)")
        let table = try #require((doc["tables"] as? [[String: Any]])?.first, "\(script)")
        #expect(table["columns"] as? [String] == m.columns, "\(script)")
        let rows = try #require(table["rows"] as? [[String: Any]], "\(script)")
        #expect(rows.map { $0["cohort"] as? String } == m.rowIDs.map { Optional($0) }, "\(script)")
        #expect(rows.map { $0["label"] as? String } == m.rowLabels.map { Optional($0) }, "\(script)")
        for (r, row) in rows.enumerated() where m.cells.indices.contains(r) {
            let values = row["values"] as? [String: Any] ?? [:]
            for (c, column) in m.columns.enumerated() {
                let cell = m.cells[r][c]
                if case .shown(.count(let n)) = cell.published { #expect(values[column] as? Int == n, "\(script) json \(column)") }
                else { #expect(values[column] as? String == cell.exportText, "\(script) json \(column)") }
            }
        }
    }

    /// `Y`'s `--keys` line, replayed on a fresh start, gives the same screen.
    func replays(_ script: String, from fresh: ExplorerState) {
        var s = fresh
        ScriptRunnerHelper.run(script, &s)
        let keys = s.rebuildKeys
        var again = fresh
        ScriptRunnerHelper.run(keys, &again)
        // The status line says what the last statement did; the rest of the screen is the view.
        s.message = nil
        again.message = nil
        let a = s.screenText.components(separatedBy: "\n"), b = again.screenText.components(separatedBy: "\n")
        #expect(a == b, "\(script) -> \(keys): \(zip(a, b).filter { $0 != $1 }.map { "\n< \($0)\n> \($1)" }.joined())")
    }

    @Test func everyExportOfAViewIsTheView() throws {
        let dir = tempPath("views")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var written: [Written] = []
        for (i, script) in Self.scripts.enumerated() { written.append(try write(script, UIFixture.state(), dir: dir, index: i)) }
        for (i, script) in Self.authorityScripts.enumerated() {
            written.append(try write(script, AuthorityAndTrendViewTests.state(AuthorityAndTrendViewTests.pooled), dir: dir, index: 100 + i))
        }
        #expect(written.count >= 20)
        let read = try Self.readBack(written.flatMap { [$0.xlsx, $0.json] })
        for w in written { try check(w, read: read) }
    }

    @Test func theKeysLineOfYRebuildsTheScreen() {
        for script in Self.scripts { replays(script, from: UIFixture.state()) }
        for script in Self.authorityScripts { replays(script, from: AuthorityAndTrendViewTests.state(AuthorityAndTrendViewTests.pooled)) }
    }

    @Test func yWritesANewFileEachTimeWithTheCommandQuoted() throws {
        var s = UIFixture.state()
        s.exportDirectory = tempPath("y")
        try FileManager.default.createDirectory(atPath: s.exportDirectory, withIntermediateDirectories: true)
        ScriptRunnerHelper.run("cohort F=6B & !4B; by need", &s)
        s.press(.char("Y"))
        s.press(.char("Y"))
        let files = try FileManager.default.contentsOfDirectory(atPath: s.exportDirectory).sorted()
        #expect(files == ["cinx-command-2026-01-01-2.txt", "cinx-command-2026-01-01.txt"])
        let text = try String(contentsOfFile: s.exportDirectory + "/cinx-command-2026-01-01.txt", encoding: .utf8)
        #expect(text.contains("--cohort 'F=6B & !4B'"))
        #expect(text.contains("--keys 'year "))
        #expect(text.contains("cohort F=6B & !4B; by need"))
    }

    @Test func theWholeReleaseSaysSoConsistently() throws {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("drill E; by age; drill 1-4; by need; percent row", &s)
        let dir = tempPath("whole")
        s.export(to: dir, all: true, overwrite: false)
        let context = try String(contentsOfFile: dir + "/context.txt", encoding: .utf8)
        let readme = try String(contentsOfFile: dir + "/README.md", encoding: .utf8)
        #expect(context.contains("--table all"))
        #expect(!context.contains("--table need"))
        #expect(!context.contains("values: row %"))
        #expect(context.contains("share of the children selected"))
        #expect(readme.contains("--table all"))
        #expect(readme.contains("share of the children selected"))
        // A view's context names the rows it shows, as it labels them.
        let view = tempPath("inside-e.csv")
        s.export(to: view, all: false, overwrite: false)
        let viewContext = try String(contentsOfFile: view + ".context.txt", encoding: .utf8)
        let shown = s.model.rowIDs.joined(separator: " ")
        #expect(viewContext.contains("rows shown: "), "\(shown)")
        #expect(!viewContext.contains("cohorts shown: A B"))
        #expect(viewContext.contains("--table need"))
    }

    /// In column % a trend bar follows the percentage printed, not the count behind it (a year with
    /// more children but a smaller share has the shorter bar).
    @Test func trendBarsFollowThePercentagesPrinted() throws {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("by trend; percent column", &s)
        var checked = 0
        for row in s.model.cells {
            let shown = row.compactMap { cell -> Double? in
                if case .shown(.percent(let t)) = cell.published { return Double(t) } else { return nil }
            }
            guard let top = shown.max(), top > 0 else { continue }
            for cell in row {
                guard case .shown(.percent(let t)) = cell.published else { continue }
                #expect(abs((cell.bar ?? -1) - Double(t) / top) < 1e-9, "\(cell.text)")
                checked += 1
            }
        }
        #expect(checked > 10)
    }
}
