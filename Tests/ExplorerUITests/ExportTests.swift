import Testing
import Foundation
import CINModel
import CINRelease
import CohortEngine
@testable import ExplorerUI

@Suite(.serialized) struct ExportTests {
    func csvBody(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func exportMatchesTheReportForTheSameFilters() throws {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("factor 5B exclude; drill B; by age; drill 1-4; by ethnicity", &s)
        let path = tempPath("view.csv")
        s.press(.char("e"))
        guard case .prompt(let p) = s.overlay else { Issue.record("no prompt"); return }
        #expect(p.text.hasSuffix("cinx-ethnicity-2026-01-01.csv"))   // the default name
        for _ in p.text { s.press(.backspace) }
        s.type(path)
        s.press(.enter)
        #expect(s.message?.contains("exported") == true)
        let filter = Filter(excludedFactors: FactorSet(codes: ["5B"]), cohorts: ["B"], dimensions: [.init(dimension: .ageBand, values: [2])])
        let report = TableFormatter.csv(ReportTables.suppressed(engine: UIFixture.engine, name: "ethnicity", threshold: 5, filter: filter))
        // The CSV is the report's, byte for byte (a header line and data rows, nothing else), less
        // cohort A, which inside B can hold no child and is not shown.
        #expect(try csvBody(path) == report.components(separatedBy: "\r\n").filter { !$0.hasPrefix("A,") }.joined(separator: "\r\n"))
        #expect(try !csvBody(path).contains("#"))
        let context = try String(contentsOfFile: path + ".context.txt", encoding: .utf8)
        #expect(context.contains("filters: factors excluded: 5B; cohort B; age band = 1-4"))
        #expect(context.contains("suppression: counts 1-5"))
        #expect(context.contains("same numbers: cinx report demo-data/cin-20*.xml.gz --table ethnicity"))
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func exportNeverOverwritesWithoutConfirmation() throws {
        var s = UIFixture.state()
        let path = tempPath("keep.csv")
        try "precious".write(toFile: path, atomically: true, encoding: .utf8)
        s.press(.char("e"))
        if case .prompt(let p) = s.overlay { for _ in p.text { s.press(.backspace) } }
        s.type(path)
        s.press(.enter)
        #expect(s.screenText.contains("exists. Overwrite? (y/n)"))
        s.press(.char("n"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")
        s.press(.char("e"))
        if case .prompt(let p) = s.overlay { for _ in p.text { s.press(.backspace) } }
        s.type(path)
        s.press(.enter, .char("y"))
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("cohort,label,Children"))
    }

    @Test func failedWriteLeavesTheOldFileAndSaysSo() throws {
        var s = UIFixture.state()
        let path = tempPath("old.csv")
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        AtomicFileWriter.injectWriteFailure = true
        defer { AtomicFileWriter.injectWriteFailure = false }
        s.export(to: path, all: false, overwrite: true)
        #expect(s.messageIsError)
        #expect(s.message?.contains("No space left") == true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(leftovers == ["old.csv"])   // no temporary file, no context written
        // A directory as the target, and a folder that does not exist.
        s.export(to: NSTemporaryDirectory(), all: false, overwrite: true)
        #expect(s.messageIsError)
        s.export(to: "/nonexistent-dir/x.csv", all: false, overwrite: false)
        #expect(s.messageIsError)
    }

    @Test func exportAllWritesTheSixTables() throws {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("factor 3B require", &s)
        let dir = tempPath("tables")
        s.export(to: dir, all: true, overwrite: false)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files == ["README.md", "age.csv", "context.txt", "ethnic-group.csv", "ethnicity.csv", "maltreatment.csv", "need.csv",
                          "release.json", "summary.csv"])
        let f = Filter(requiredFactors: FactorSet(codes: ["3B"]))
        #expect(try String(contentsOfFile: dir + "/need.csv", encoding: .utf8)
                == TableFormatter.csv(ReportTables.suppressed(engine: UIFixture.engine, name: "need", threshold: 5, filter: f)))
    }

    @Test func screenSuppressionOffStillSuppressesExports() {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("threshold 0; by ethnicity", &s)
        #expect(s.model.cells.flatMap { $0 }.allSatisfy { !$0.hidden })
        #expect(s.exportModel().cells.flatMap { $0 }.contains { $0.hidden })
        #expect(s.exportContext(view: "x").contains("counts 1-5"))
    }
}

@Suite struct WorkbookExportTests {
    @Test func theViewAndAllTablesExportAsWorkbooks() throws {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("by need", &s)
        let view = tempPath("view.xlsx")
        s.export(to: view, all: false, overwrite: false)
        #expect(s.message?.contains("exported") == true, "\(s.message ?? "")")
        let data = try Data(contentsOf: URL(fileURLWithPath: view))
        #expect(data.prefix(2) == Data([0x50, 0x4B]))   // a ZIP container
        let attrs = try FileManager.default.attributesOfItem(atPath: view)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let all = tempPath("answer.xlsx")
        s.export(to: all, all: true, overwrite: false)
        #expect(s.message?.contains("six FOI tables") == true, "\(s.message ?? "")")
        #expect(FileManager.default.fileExists(atPath: all))
    }
}
