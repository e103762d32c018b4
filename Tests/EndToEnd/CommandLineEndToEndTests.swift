import Testing
import Foundation

/// The command line's own behaviour: one error style (`cinx: ...`, usage errors exit 64), the version,
/// a mistyped command, outputs that cannot be mistaken, and generate's refusal to overwrite.
@Suite struct CommandLineEndToEndTests {
    static let flat = "demo-data/cin-flat.csv.gz"

    static func work(_ name: String) -> String { CinxProcess.workDirectory("cinx-cli", name) }

    @Test func versionNamesCinxAndItsVersion() {
        let (rc, out) = CinxProcess.cinx(["--version"])
        #expect(rc == 0)
        #expect(out.hasPrefix("cinx ") && out.split(separator: "\n").count == 1, "\(out)")
    }

    @Test func aMistypedCommandIsAUsageErrorWithASuggestion() {
        let (rc, out) = CinxProcess.cinx(["reprot", Self.flat])
        #expect(rc == 64)
        #expect(out.hasPrefix("cinx: unknown command 'reprot'; did you mean 'report'?"), "\(out)")
        let (nrc, none) = CinxProcess.cinx(["no-such-thing.xml"])
        #expect(nrc == 64 && none.hasPrefix("cinx: 'no-such-thing.xml' is neither a command"), "\(none)")
        // An existing file is still explored (here in batch mode).
        let (erc, explored) = CinxProcess.cinx([Self.flat, "--screen", "--size", "80x20", "--quiet"])
        #expect(erc == 0 && explored.contains("year 2016-17") && !explored.contains("loaded "), "\(explored)")
    }

    @Test func usageErrorsHaveOneStyleAndExit64() {
        let cases: [[String]] = [
            ["report", Self.flat, "--table", "nope"],
            ["report", Self.flat, "--year", "-5", "--table", "summary"],
            ["generate", "--children", "-5", "--out", Self.work("neg")],
            ["report", Self.flat, "--bogus"],
            ["validate", Self.flat, "--max-problems", "-1"],
        ]
        for args in cases {
            let (rc, out) = CinxProcess.cinx(args)
            #expect(rc == 64, "\(args): \(out)")
            #expect(out.hasPrefix("cinx: ") && !out.contains("Error:"), "\(args): \(out)")
        }
        let (_, negative) = CinxProcess.cinx(["generate", "--children", "-5", "--out", Self.work("neg2")])
        #expect(negative.hasPrefix("cinx: --children must be 1...5000000"), "\(negative)")
    }

    @Test func anOutputNamedForAnotherFormatIsRefusedWithTheFix() {
        let dir = Self.work("ext")
        let (rc, out) = CinxProcess.cinx(["report", Self.flat, "--format", "xlsx", "--out", dir + "/answer.csv"])
        #expect(rc == 64)
        #expect(out.contains("--format xlsx writes a workbook: give --out \(dir)/answer.xlsx, or --format csv"), "\(out)")
        let (drc, dout) = CinxProcess.cinx(["report", Self.flat, "--out", dir + "/answer.xlsx"])
        #expect(drc == 64 && dout.contains("or --format xlsx"), "\(dout)")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir))?.isEmpty ?? true)
    }

    @Test func severalTablesWithoutOutAreRefusedWithTheFix() {
        let (rc, out) = CinxProcess.cinx(["report", Self.flat, "--table", "all"])
        #expect(rc == 64)
        #expect(out.hasPrefix("cinx: --table all writes six CSV tables: give --out DIR"), "\(out)")
        #expect(!out.contains("cohort,label"))
        // One document of them all is still fine on stdout.
        let (mrc, md) = CinxProcess.cinx(["report", Self.flat, "--table", "all", "--format", "markdown", "--year", "2017"])
        #expect(mrc == 0 && md.contains("### Cohort sizes"))
    }

    @Test func quietSilencesTheLoadedLine() {
        let (rc, out) = CinxProcess.cinx(["report", Self.flat, "--table", "summary", "--quiet"])
        #expect(rc == 0)
        #expect(!out.contains("loaded ") && !out.contains("note:"), "\(out)")
        #expect(out.hasPrefix("cohort,label,children,percent"))
        let (_, loud) = CinxProcess.cinx(["report", Self.flat, "--table", "summary"])
        #expect(loud.contains("loaded 1 file(s)"))
    }

    @Test func generateRefusesToOverwriteWithoutForce() throws {
        let dir = Self.work("gen")
        let args = ["generate", "--children", "20", "--format", "csv", "--out", dir, "--no-faults"]
        try #require(CinxProcess.cinx(args).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: dir + "/cin-flat.csv"))
        try Data("mine".utf8).write(to: URL(fileURLWithPath: dir + "/cin-flat.csv"))
        let (rc, out) = CinxProcess.cinx(args)
        #expect(rc == 2)
        #expect(out == "cinx: \(dir)/cin-flat.csv exists; nothing written (--force overwrites, or give another --out or --name)\n", "\(out)")
        #expect(try String(contentsOfFile: dir + "/cin-flat.csv", encoding: .utf8) == "mine")
        #expect(CinxProcess.cinx(args + ["--force"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/cin-flat.csv")) == before)
        // A file where the directory should be: one line, no Foundation error.
        let (frc, fout) = CinxProcess.cinx(["generate", "--children", "20", "--out", dir + "/cin-flat.csv"])
        #expect(frc == 2 && fout == "cinx: --out \(dir)/cin-flat.csv is a file, not a directory; give a directory\n", "\(fout)")
    }

    /// One-letter output and ledger names, relative to the working directory: these crashed (an illegal
    /// instruction in Foundation's path code) before `PathFolder`.
    @Test func oneLetterOutputAndLedgerNames() throws {
        let work = CinxProcess.workDirectory("cinx-cli", "one-letter")
        let demo = CinxProcess.packageRoot + "/demo-data/cin-flat.csv.gz"
        let rc = CinxProcess.run([CinxProcess.binary, "report", demo, "--table", "all", "--out", "Y", "--ledger", "L"],
                                 log: work + "/log", cwd: work)
        let log = (try? String(contentsOfFile: work + "/log", encoding: .utf8)) ?? ""
        #expect(rc == 0, "\(log)")
        #expect(FileManager.default.fileExists(atPath: work + "/Y/release.json"))
        #expect(FileManager.default.fileExists(atPath: work + "/L/entries"))
    }
}
