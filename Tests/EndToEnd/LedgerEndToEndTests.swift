import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import CINTestSupport

/// The release ledger through the real binary (docs/privacy.md, "Release ledger"): `report --out`
/// records what it writes, `ledger list | show | forget`, and the faults: two processes writing at once,
/// a writer killed with -9 mid-entry, a damaged entry, a read-only ledger.
@Suite struct LedgerEndToEndTests {
    static let flat = "demo-data/cin-flat.csv.gz"

    static func work(_ name: String) -> String { CinxProcess.workDirectory("cinx-ledger", name) }

    static func cinx(_ args: [String]) -> (Int32, String) { CinxProcess.cinx(args) }

    static func entryFiles(_ ledger: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: ledger + "/entries")) ?? []).sorted()
    }

    /// release.json's `ledger` member.
    static func ledgerMember(_ release: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: release + "/release.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(json["ledger"] as? [String: Any])
    }

    /// A release directory is recorded: release.json names the entry, `list` lists it with its year, filter,
    /// tables and command, `show` prints release.json and every table byte for byte, and `forget` asks
    /// (refused without a terminal), then with --yes removes it.
    @Test func reportRecordsWhatItWritesAndTheCommandsReadIt() throws {
        let ledger = Self.work("ledger"), out = Self.work("release")
        let (rc, log) = Self.cinx(["report", Self.flat, "--table", "all", "--out", out, "--force", "--where", "gender=Male", "--ledger", ledger])
        try #require(rc == 0, "\(log)")
        let member = try Self.ledgerMember(out)
        #expect(member["recorded"] as? Bool == true)
        let id = try #require(member["entry"] as? String)
        #expect(Self.entryFiles(ledger) == [id + ".json"])

        let (lrc, list) = Self.cinx(["ledger", "list", "--ledger", ledger])
        #expect(lrc == 0, "\(list)")
        let line = try #require(list.split(separator: "\n").first { $0.hasPrefix(id) }, "\(list)")
        for part in ["2016-17", "where gender=Male", "A,B,C,D,E", "summary,age,ethnicity,ethnic-group,maltreatment,need", "cinx report \(Self.flat)"] {
            #expect(line.contains(part), "\(line)")
        }

        let (src, shown) = Self.cinx(["ledger", "show", String(id.prefix(6)), "--ledger", ledger])
        #expect(src == 0, "\(shown)")
        let release = try String(contentsOfFile: out + "/release.json", encoding: .utf8)
        #expect(shown.contains("== release.json\n" + release))
        for table in ["summary", "age", "ethnicity", "ethnic-group", "maltreatment", "need"] {
            let csv = try String(contentsOfFile: "\(out)/\(table).csv", encoding: .utf8)
            #expect(shown.contains("== \(table).csv\n" + csv), "\(table)")
        }

        // Standard input is no terminal here: forget will not ask, so it needs --yes (a usage error, 64).
        let (frc, refused) = Self.cinx(["ledger", "forget", id, "--ledger", ledger])
        #expect(frc == 64 && refused.hasPrefix("cinx: ledger forget asks for confirmation"), "\(refused)")
        #expect(Self.entryFiles(ledger) == [id + ".json"])
        let (yrc, forgot) = Self.cinx(["ledger", "forget", id, "--yes", "--ledger", ledger])
        #expect(yrc == 0 && forgot.contains("forgot entry \(id)"), "\(forgot)")
        #expect(Self.entryFiles(ledger).isEmpty)
        let (nrc, none) = Self.cinx(["ledger", "show", id, "--ledger", ledger])
        #expect(nrc == 2 && none.contains("no entry \(id)"), "\(none)")
    }

    /// Every way of writing records: one table, a workbook, Markdown; `$CINX_LEDGER` when no --ledger is
    /// given; and what is not recorded: --no-ledger (warned, release.json says so) and --suppress 0.
    @Test func everyFileWrittenIsRecordedUnlessItSaysWhyNot() throws {
        let ledger = Self.work("ledger"), dir = Self.work("out")
        let env = ["CINX_LEDGER": ledger]
        for (args, file) in [(["--table", "age", "--out"], "age.csv"), (["--table", "all", "--format", "xlsx", "--out"], "answer.xlsx"),
                             (["--table", "need", "--format", "markdown", "--out"], "need.md")] {
            let rc = CinxProcess.run([CinxProcess.binary, "report", Self.flat] + args + [dir + "/" + file], log: dir + "/log", cwd: CinxProcess.packageRoot,
                                     environment: env)
            #expect(rc == 0, "\(file): \((try? String(contentsOfFile: dir + "/log", encoding: .utf8)) ?? "")")
        }
        #expect(Self.entryFiles(ledger).count == 3)
        // A release that then cannot be written (the file exists, no --force) takes its entry back.
        let (xrc, exists) = Self.cinx(["report", Self.flat, "--table", "age", "--out", dir + "/age.csv", "--ledger", ledger])
        #expect(xrc == 2 && exists.contains("the file exists"), "\(exists)")
        #expect(Self.entryFiles(ledger).count == 3)
        let (_, list) = Self.cinx(["ledger", "list", "--ledger", ledger])
        #expect(list.contains(" age ") && list.contains("summary,age,ethnicity,ethnic-group,maltreatment,need") && list.contains(" need "), "\(list)")

        let opted = Self.work("opted")
        let (orc, olog) = Self.cinx(["report", Self.flat, "--table", "all", "--out", opted, "--force", "--no-ledger", "--quiet"])
        #expect(orc == 0 && olog.contains("warning: --no-ledger: this release is not recorded"), "\(olog)")
        let member = try Self.ledgerMember(opted)
        #expect(member["recorded"] as? Bool == false && member["reason"] as? String == "--no-ledger")
        let (brc, both) = Self.cinx(["report", Self.flat, "--table", "all", "--out", opted, "--no-ledger", "--ledger", ledger])
        #expect(brc == 64 && both.contains("--ledger and --no-ledger together"), "\(both)")

        let unsuppressed = Self.work("unsuppressed")
        let (urc, ulog) = Self.cinx(["report", Self.flat, "--table", "all", "--out", unsuppressed, "--force", "--suppress", "0", "--ledger", ledger])
        #expect(urc == 0, "\(ulog)")
        #expect(try Self.ledgerMember(unsuppressed)["recorded"] as? Bool == false)
        #expect(Self.entryFiles(ledger).count == 3)
    }

    /// `cinx explore --export` records the export in --ledger's ledger; --no-ledger warns and records none.
    @Test func explorerExportsAreRecorded() throws {
        let ledger = Self.work("ledger"), dir = Self.work("out")
        let (rc, log) = Self.cinx(["explore", Self.flat, "--keys", "drill B; by age", "--export", dir + "/view.csv", "--ledger", ledger])
        #expect(rc == 0, "\(log)")
        #expect(Self.entryFiles(ledger).count == 1)
        let (_, list) = Self.cinx(["ledger", "list", "--ledger", ledger])
        #expect(list.contains("in-cohort B") && list.contains("cinx report \(Self.flat) --table age"), "\(list)")
        let (orc, olog) = Self.cinx(["explore", Self.flat, "--keys", "drill B; by age", "--export", dir + "/other.csv", "--no-ledger", "--ledger", ledger])
        #expect(orc == 64 && olog.contains("--ledger and --no-ledger together"), "\(olog)")
        let (nrc, nlog) = Self.cinx(["explore", Self.flat, "--keys", "drill B; by age", "--export", dir + "/other.csv", "--no-ledger"])
        #expect(nrc == 0 && nlog.contains("warning: --no-ledger: exports are not recorded"), "\(nlog)")
        #expect(Self.entryFiles(ledger).count == 1)
    }

    /// Two processes, each writing 20 releases into one ledger at once: all 40 entries there, each whole.
    @Test func twoProcessesWritingAtOnceLoseNothing() throws {
        let ledger = Self.work("ledger"), dir = Self.work("out")
        let script = """
            for i in $(seq 1 20); do "$0" report \(Self.flat) --table summary --out "$1/$2-$i.csv" --ledger "$3" --quiet || exit 1; done
            """
        let pids = try ["a", "b"].map { side in
            try #require(CinxProcess.start(["sh", "-c", script, CinxProcess.binary, dir, side, ledger], log: "\(dir)/\(side).log", cwd: CinxProcess.packageRoot))
        }
        for pid in pids {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            #expect(status == 0, "\((try? String(contentsOfFile: dir + "/a.log", encoding: .utf8)) ?? "") \((try? String(contentsOfFile: dir + "/b.log", encoding: .utf8)) ?? "")")
        }
        let entries = Self.entryFiles(ledger)
        #expect(entries.count == 40, "\(entries)")
        #expect(entries.allSatisfy { !$0.hasPrefix(".") })
        let (rc, list) = Self.cinx(["ledger", "list", "--ledger", ledger])
        #expect(rc == 0 && list.hasPrefix("ledger \(ledger): 40 releases"), "\(list)")
        // Each entry reads back whole (show checks its SHA-256).
        for name in entries {
            let (src, shown) = Self.cinx(["ledger", "show", String(name.dropLast(5)), "--ledger", ledger])
            #expect(src == 0 && shown.contains("== summary.csv\ncohort,label,children,percent"), "\(name): \(shown)")
        }
    }

    /// A writer killed with -9 with half an entry in its temporary file: the ledger reads (no entry, no
    /// partial one), no release was written (the entry comes first), and the next writer clears the leftover.
    @Test func aWriterKilledMidEntryLeavesNoEntryAndNoRelease() throws {
        let ledger = Self.work("ledger"), out = Self.work("release")
        try? FileManager.default.removeItem(atPath: out)
        let log = Self.work("log") + "/killed.log"
        let pid = try #require(CinxProcess.start([CinxProcess.binary, "report", Self.flat, "--table", "all", "--out", out, "--ledger", ledger],
                                                 log: log, cwd: CinxProcess.packageRoot,
                                                 environment: ["CINX_LEDGER_TEST_PAUSE_MID_ENTRY": "60"]))
        // Wait for the half-written temporary file.
        var leftover: String?
        for _ in 0..<600 where leftover == nil {
            leftover = Self.entryFiles(ledger).first { $0.hasPrefix(".") && $0.contains(".tmp-") }
            if leftover == nil { usleep(100_000) }
        }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let name = try #require(leftover, "no temporary entry appeared: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        #expect(status & 0x7f == SIGKILL)
        let partial = try #require(FileManager.default.contents(atPath: ledger + "/entries/" + name))
        #expect(!partial.isEmpty, "the writer was killed before it wrote half an entry")
        #expect(!FileManager.default.fileExists(atPath: out), "a release was written before its entry")
        let (rc, list) = Self.cinx(["ledger", "list", "--ledger", ledger])
        #expect(rc == 0 && list.hasPrefix("ledger \(ledger): 0 releases"), "\(list)")
        // The next writer takes the lock the killed one held, and removes its leftover.
        let (nrc, next) = Self.cinx(["report", Self.flat, "--table", "all", "--out", out, "--ledger", ledger, "--quiet"])
        #expect(nrc == 0, "\(next)")
        #expect(Self.entryFiles(ledger).count == 1 && !Self.entryFiles(ledger).contains(name))
    }

    /// A damaged entry: every command that reads the ledger fails (2) naming the file; nothing is skipped.
    @Test func aDamagedEntryIsNamedWithExit2() throws {
        let ledger = Self.work("ledger")
        for i in 0..<2 {
            let (rc, log) = Self.cinx(["report", Self.flat, "--table", "summary", "--out", Self.work("out") + "/s\(i).csv", "--ledger", ledger])
            try #require(rc == 0, "\(log)")
        }
        let victim = ledger + "/entries/" + (try #require(Self.entryFiles(ledger).first))
        let text = try String(contentsOfFile: victim, encoding: .utf8)
        try String(text.prefix(text.count - 40)).write(toFile: victim, atomically: false, encoding: .utf8)
        for args in [["ledger", "list"], ["ledger", "show", String(Self.entryFiles(ledger)[1].prefix(12))]] {
            let (rc, out) = Self.cinx(args + ["--ledger", ledger])
            #expect(rc == 2, "\(args): \(out)")
            #expect(out.contains("cinx: ledger entry \(victim) is damaged: not a whole ledger entry"), "\(out)")
        }
    }

    /// A read-only ledger: the report stops before writing anything (exit 2, no release directory, no
    /// entry), naming the ledger.
    @Test func aReadOnlyLedgerStopsTheReleaseBeforeItIsWritten() throws {
        let ledger = Self.work("ledger"), out = Self.work("release")
        try? FileManager.default.removeItem(atPath: out)
        let (rc, log) = Self.cinx(["report", Self.flat, "--table", "summary", "--out", Self.work("first") + "/s.csv", "--ledger", ledger])
        try #require(rc == 0, "\(log)")
        let before = Self.entryFiles(ledger)
        try ReadOnlyFolder.make(ledger + "/entries")
        defer { ReadOnlyFolder.undo(ledger + "/entries") }
        let (xrc, refused) = Self.cinx(["report", Self.flat, "--table", "all", "--out", out, "--ledger", ledger])
        #expect(xrc == 2, "\(refused)")
        #expect(refused.contains("cinx: cannot write to the ledger at \(ledger)") && refused.contains("nothing written"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(Self.entryFiles(ledger) == before)
        // Reading it still works.
        let (lrc, list) = Self.cinx(["ledger", "list", "--ledger", ledger])
        #expect(lrc == 0 && list.hasPrefix("ledger \(ledger): 1 release"), "\(list)")
    }
}
