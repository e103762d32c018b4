import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the real binary in tmux (explorer-tmux.sh) and, without a terminal, the batch mode;
/// both exports must equal `cinx report` for the same filters.
@Suite(.serialized) struct ExplorerEndToEndTests {
    @Test func newUserPathInTmux() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            Issue.record("tmux is not installed (.ci/run installs it)")
            return
        }
        let work = NSTemporaryDirectory() + "cinx-e2e-" + UUID().uuidString
        let log = work + ".log"
        let rc = CinxProcess.run(["bash", CinxProcess.packageRoot + "/Tests/EndToEnd/explorer-tmux.sh", CinxProcess.binary, CinxProcess.packageRoot, work],
                          log: log, cwd: CinxProcess.packageRoot)
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(rc == 0, "\(output)")
        #expect(output.contains("PASS"))
    }

    @Test func batchModeExportEqualsReport() throws {
        let work = NSTemporaryDirectory() + "cinx-batch-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let demo = ["demo-data/cin-2015.xml.gz", "demo-data/cin-2016.xml.gz", "demo-data/cin-2017.xml.gz",
                    "demo-data/cin-2018.xml.gz", "demo-data/cin-2019.xml.gz", "demo-data/cin-2020.xml.gz"]
        let exported = work + "/view.csv"
        var rc = CinxProcess.run([CinxProcess.binary, "explore"] + demo + ["--keys", "factor 5B exclude; drill B; by age; drill 1-4; by ethnicity", "--export", exported],
                          log: work + "/explore.log", cwd: CinxProcess.packageRoot)
        #expect(rc == 0)
        rc = CinxProcess.run(["sh", "-c", "'\(CinxProcess.binary)' report \(demo.joined(separator: " ")) --table ethnicity --exclude 5B --in-cohort B --where age=1-4"],
                      log: work + "/report.csv", cwd: CinxProcess.packageRoot)
        #expect(rc == 0)
        let body = try String(contentsOfFile: exported, encoding: .utf8)
        #expect(!body.contains("#"))   // CSV is data only; the context is beside it
        #expect(FileManager.default.fileExists(atPath: exported + ".context.txt"))
        let report = try String(contentsOfFile: work + "/report.csv", encoding: .utf8)
        // The report's stderr summary line is in the same log: compare the CSV lines only.
        // Inside cohort B, cohort A can hold no child: the explorer does not show it.
        // ("\r\n" is one Character in Swift: split the unicode scalars' lines.)
        let reportCSV = report.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
            .filter { !$0.hasPrefix("loaded ") && !$0.hasPrefix("note: ") && !$0.hasPrefix("A,") }.joined(separator: "\r\n")
        #expect(body == reportCSV)
        #expect(body.hasPrefix("cohort,WBRI"))
    }

    @Test func refusesToStartWithoutATerminal() throws {
        let work = NSTemporaryDirectory() + "cinx-noterm-" + UUID().uuidString + ".log"
        let rc = CinxProcess.run(["env", "TERM=dumb", CinxProcess.binary, "explore"], log: work, cwd: CinxProcess.packageRoot)
        #expect(rc == 2)
        let text = (try? String(contentsOfFile: work, encoding: .utf8)) ?? ""
        #expect(text.contains("TERM is 'dumb'"))
        // An unknown TERM gets the same plain message, not curses' own error.
        let rc3 = CinxProcess.run(["env", "TERM=no-such-terminal", CinxProcess.binary, "explore"], log: work, cwd: CinxProcess.packageRoot)
        #expect(rc3 == 2)
        let text3 = (try? String(contentsOfFile: work, encoding: .utf8)) ?? ""
        #expect(text3.contains("TERM is 'no-such-terminal', which this system's terminal database does not know"), "\(text3)")
        let rc2 = CinxProcess.run([CinxProcess.binary, "explore", "/nonexistent.xml", "--screen"], log: work, cwd: CinxProcess.packageRoot)
        #expect(rc2 == 2)
    }

    @Test func validateExitCodesAndSameCountsForXMLAndCSV() throws {
        let work = NSTemporaryDirectory() + "cinx-val-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let xml = ["demo-data/cin-2015.xml.gz", "demo-data/cin-2016.xml.gz", "demo-data/cin-2017.xml.gz",
                   "demo-data/cin-2018.xml.gz", "demo-data/cin-2019.xml.gz", "demo-data/cin-2020.xml.gz"]
        let rcX = CinxProcess.run([CinxProcess.binary, "validate", "--format", "json"] + xml, log: work + "/x.json", cwd: CinxProcess.packageRoot)
        let rcC = CinxProcess.run([CinxProcess.binary, "validate", "--format", "json", "demo-data/cin-flat.csv.gz"], log: work + "/c.json", cwd: CinxProcess.packageRoot)
        #expect(rcX == 1 && rcC == 1)   // the demo has deliberate faults
        func doc(_ p: String) throws -> [String: Any] {
            let data = try Data(contentsOf: URL(fileURLWithPath: p))
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
        let x = try doc(work + "/x.json"), c = try doc(work + "/c.json")
        for key in ["children", "episodes", "assessments", "assessmentsWithFactors"] {
            #expect((x[key] as? Int) != nil && (x[key] as? Int) == (c[key] as? Int), "\(key)")
        }
        #expect((x["factorCodes"] as? [String: Int]) == (c["factorCodes"] as? [String: Int]))
        #expect((x["problems"] as? [Any])?.isEmpty == false)
        let rcMissing = CinxProcess.run([CinxProcess.binary, "validate", "/nonexistent.xml"], log: work + "/m.txt", cwd: CinxProcess.packageRoot)
        #expect(rcMissing == 2)
        #expect(((try? String(contentsOfFile: work + "/m.txt", encoding: .utf8)) ?? "").contains("/nonexistent.xml"))
    }

    @Test func demoReportIsTheSameFromXMLAndCSV() throws {
        let work = NSTemporaryDirectory() + "cinx-rep-" + UUID().uuidString
        let xml = "demo-data/cin-2015.xml.gz demo-data/cin-2016.xml.gz demo-data/cin-2017.xml.gz demo-data/cin-2018.xml.gz demo-data/cin-2019.xml.gz demo-data/cin-2020.xml.gz"
        #expect(CinxProcess.run(["sh", "-c", "'\(CinxProcess.binary)' report \(xml) --table all --format csv --out '\(work)/xml'"], log: work + "-x.log", cwd: CinxProcess.packageRoot) == 0)
        #expect(CinxProcess.run([CinxProcess.binary, "report", "demo-data/cin-flat.csv.gz", "--table", "all", "--format", "csv", "--out", work + "/csv"],
                         log: work + "-c.log", cwd: CinxProcess.packageRoot) == 0)
        for name in ["summary", "age", "ethnicity", "ethnic-group", "maltreatment", "need"] {
            let a = try String(contentsOfFile: "\(work)/xml/\(name).csv", encoding: .utf8)
            let b = try String(contentsOfFile: "\(work)/csv/\(name).csv", encoding: .utf8)
            #expect(a == b, "\(name)")
            #expect(a.hasPrefix("cohort,"))
        }
        let attrs = try FileManager.default.attributesOfItem(atPath: work + "/xml/age.csv")
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}
