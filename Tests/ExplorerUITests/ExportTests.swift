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
        AtomicFileWriter.$injectWriteFailure.withValue(true) { s.export(to: path, all: false, overwrite: true) }
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

/// A release directory is written whole or not at all.
@Suite(.serialized) struct ReleaseDirectoryWriteTests {
    static func manifest() -> ReleaseManifest {
        let r = ReportTables.release(engine: UIFixture.engine, names: ["summary"], threshold: 5)
        return ReleaseManifest(engine: UIFixture.engine, release: r, filter: .none, audit: nil, commandLine: ["cinx", "test"])
    }

    @Test func aFailedWriteLeavesTheOldReleaseAndNoDebris() throws {
        let parent = tempPath("rel")
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let target = parent + "/release"
        try ReleaseWriter.writeDirectory(target, tables: [("summary.csv", "old\r\n")], manifest: Self.manifest(), unsuppressed: false, overwrite: false)
        AtomicFileWriter.$injectWriteFailure.withValue(true) {
            #expect(throws: AtomicFileWriter.Failure.self) {
                try ReleaseWriter.writeDirectory(target, tables: [("summary.csv", "new\r\n"), ("age.csv", "new\r\n")], manifest: Self.manifest(),
                                                 unsuppressed: false, overwrite: true)
            }
        }
        #expect(try String(contentsOfFile: target + "/summary.csv", encoding: .utf8) == "old\r\n")
        #expect(!FileManager.default.fileExists(atPath: target + "/age.csv"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["release"])   // no temporary directory, no lock
    }

    @Test func modesForeignFilesAndASecondWriter() throws {
        let parent = tempPath("rel2")
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let target = parent + "/release"
        let old = umask(0)
        defer { umask(old) }
        try ReleaseWriter.writeDirectory(target, tables: [("summary.csv", "x\r\n")], manifest: Self.manifest(), unsuppressed: false, overwrite: false)
        let dirMode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? NSNumber
        let fileMode = try FileManager.default.attributesOfItem(atPath: target + "/summary.csv")[.posixPermissions] as? NSNumber
        #expect(dirMode?.intValue == 0o700 && fileMode?.intValue == 0o600)
        // A directory holding something else is not ours to replace.
        try "mine".write(toFile: target + "/notes.docx", atomically: true, encoding: .utf8)
        #expect(throws: AtomicFileWriter.Failure.self) {
            try ReleaseWriter.writeDirectory(target, tables: [("summary.csv", "y\r\n")], manifest: Self.manifest(), unsuppressed: false, overwrite: true)
        }
        try FileManager.default.removeItem(atPath: target + "/notes.docx")
        // While another writer holds the lock, a second one is refused.
        let fd = open(parent + "/.release.cinx-lock", O_CREAT | O_RDWR, 0o600)
        #expect(flock(fd, LOCK_EX) == 0)
        do {
            try ReleaseWriter.writeDirectory(target, tables: [("summary.csv", "z\r\n")], manifest: Self.manifest(), unsuppressed: false, overwrite: true)
            Issue.record("a second writer was let in")
        } catch {
            #expect(error.reason.contains("another cinx is writing"))
        }
        close(fd)
        #expect(try String(contentsOfFile: target + "/summary.csv", encoding: .utf8) == "x\r\n")
    }
}

@Suite struct ExportManifestTests {
    /// The manifest keeps the command as its arguments: a custom cohort's rule is one argument, and the
    /// README's line quotes it for the shell.
    @Test func theCommandLineKeepsEachArgumentWhole() throws {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("cohort F=6B & !4B", &s)
        let dir = tempPath("all")
        try s.writeAllExport(to: dir)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/release.json"))) as? [String: Any])
        let args = try #require(json["commandLine"] as? [String])
        #expect(args.contains("F=6B & !4B"))
        #expect(try String(contentsOfFile: dir + "/README.md", encoding: .utf8).contains("--cohort 'F=6B & !4B'"))
        #expect(s.equivalentReportCommand().contains("--cohort 'F=6B & !4B'"))
    }
}
