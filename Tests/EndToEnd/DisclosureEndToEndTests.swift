import Testing
import Foundation
import CINTestSupport

/// The real binary's releases, attacked twice: by `cinx audit` and by an independent integer
/// program written apart from cinx (Tests/Attack/attack_release.py, scipy), so that the audit is
/// not the only judge of itself.
@Suite(.serialized) struct DisclosureEndToEndTests {
    static let root = CinxProcess.packageRoot
    static let demo = (2015...2020).map { "demo-data/cin-\($0).xml.gz" }

    static func work(_ name: String) -> String { CinxProcess.workDirectory("cinx-disclosure", name) }

    /// Runs a command from the package root; returns its exit status and its output (stdout and stderr).
    static func run(_ argv: [String]) -> (Int32, String) { CinxProcess.output(of: argv) }

    static func cinx(_ args: [String]) -> (Int32, String) { run([CinxProcess.binary] + args) }

    static func attack(_ dir: String, hiddenMinimum: Int = 1) -> (Int32, String) {
        run(["python3", root + "/Tests/Attack/attack_release.py", dir, "--hidden-min", String(hiddenMinimum)])
    }

    @Test(arguments: [("demo", 0), ("g800", 800), ("g6000", 6000), ("g20000", 20000)])
    func ourReleasesAuditClean(name: String, children: Int) throws {
        var inputs = Self.demo
        if children > 0 {
            let gen = Self.work(name)
            let (rc, out) = Self.cinx(["generate", "--children", String(children), "--seed", "7", "--format", "csv", "--out", gen])
            try #require(rc == 0, "\(out)")
            inputs = [gen + "/cin-flat.csv"]
        }
        let out = Self.work("release")
        let (rc, log) = Self.cinx(["report"] + inputs + ["--table", "all", "--out", out, "--force"])
        #expect(rc == 0, "\(log)")
        #expect(log.contains("audit clean"))
        let (arc, audit) = Self.cinx(["audit", out])
        #expect(arc == 0, "\(audit)")
        #expect(audit.contains(" 0 exact, 0 narrower than 6 values"))
        let (xrc, attack) = Self.attack(out)
        #expect(xrc == 0, "the independent attack found a narrow cell:\n\(attack)")
        #expect(attack.contains("exact 0, narrow 0"))
    }

    /// Whole scopes (all eleven tables of one filter, each written by its own `cinx report --table T`) of
    /// the demo and of generated extracts, years 2016 to 2019: the independent attack, which models every
    /// relation the definitions imply between tables (maltreatment and factor columns, CPP started and
    /// the CPP categories, the cohort rules' clauses), recovers nothing. Before those relations were in
    /// cinx's model, it recovered cells from the demo's 2017-18 scope and from both generated extracts.
    @Test(arguments: [("demo", 0, 0, 1), ("g800", 800, 11, 1), ("g6000x3", 6000, 13, 3)])
    func wholeScopesWithstandTheAttack(name: String, children: Int, seed: Int, authorities: Int) throws {
        var inputs = Self.demo
        if children > 0 {
            let gen = Self.work(name)
            let (rc, out) = Self.cinx(["generate", "--children", String(children), "--seed", String(seed),
                                       "--authorities", String(authorities), "--format", "csv", "--out", gen])
            try #require(rc == 0, "\(out)")
            inputs = [gen + "/cin-flat.csv"]
        }
        for year in 2016...2019 {
            let scope = Self.work("scope-\(year)")
            let (rc, out) = Self.run(["python3", Self.root + "/Tests/Attack/collect_scope.py", "--cinx", CinxProcess.binary,
                                      "--out", scope, "--year", String(year), "--attack"] + inputs)
            #expect(rc == 0, "\(name) \(year): the independent attack found a narrow cell in the whole scope:\n\(out)")
        }
    }

    /// A filtered release beside the standard one, both whole scopes: a reader holding both reads every
    /// standard cell as the filtered cell plus the rest. Before the filtered release was protected with
    /// the standard one (`ReleaseModel(releases:)`), the independent attack recovered 33 cells exactly
    /// from the demo's standard release and `--where gender=Male`; now none, and none narrowed.
    @Test(arguments: [["--where", "gender=Male"], ["--where", "age=1-4"], ["--require", "16A"]])
    func aFilteredReleaseBesideTheStandardOneWithstandsTheAttack(filter: [String]) throws {
        let standard = Self.work("standard"), filtered = Self.work("filtered")
        let collect = ["python3", Self.root + "/Tests/Attack/collect_scope.py", "--cinx", CinxProcess.binary, "--year", "2017"]
        var (rc, out) = Self.run(collect + ["--out", standard, "demo-data/cin-flat.csv.gz"])
        try #require(rc == 0, "\(out)")
        (rc, out) = Self.run(collect + ["--out", filtered] + filter + ["demo-data/cin-flat.csv.gz"])
        try #require(rc == 0, "\(out)")
        let (arc, attack) = Self.run(["python3", Self.root + "/Tests/Attack/attack_release.py", standard, filtered])
        #expect(arc == 0, "\(filter): the independent attack narrowed a cell of the two releases together:\n\(attack)")
        #expect(attack.contains("exact 0, narrow 0"))
        // cinx's own audit reads the two together too (the first directory the standard release).
        let (crc, audit) = Self.cinx(["audit", standard, filtered])
        #expect(crc == 0, "\(audit)")
        #expect(audit.contains("together") && audit.contains("; 0 exact, 0 narrower than 6 values"), "\(audit)")
    }

    /// Primary suppression alone, as a naive release would publish it: both attackers recover cells.
    @Test func primaryOnlyReleaseIsBrokenAndTheAuditNamesTheCell() throws {
        let raw = Self.work("raw")
        let (rc, _) = Self.cinx(["report"] + Self.demo + ["--table", "all", "--out", raw, "--suppress", "0", "--force"])
        try #require(rc == 0)
        #expect(FileManager.default.fileExists(atPath: raw + "/NOT-FOR-PUBLICATION.txt"))
        let naive = Self.work("naive")
        for name in ["summary", "age", "ethnicity", "ethnic-group", "maltreatment", "need"] {
            let text = try String(contentsOfFile: "\(raw)/\(name).csv", encoding: .utf8)
            #expect(text.hasPrefix("cohort,"))   // data only, even unsuppressed
            var lines = text.components(separatedBy: "\r\n")
            for i in 1..<lines.count where !lines[i].isEmpty {
                var fields = lines[i].components(separatedBy: ",")
                let first = name == "summary" ? 2 : 1
                let small = (first..<(name == "summary" ? 3 : fields.count)).contains { Int(fields[$0]).map { (1...5).contains($0) } ?? false }
                for j in first..<fields.count where name != "summary" || j == 2 {
                    if let n = Int(fields[j]), (1...5).contains(n) { fields[j] = "c" }
                }
                if name == "summary" && small { fields[3] = "c" }
                lines[i] = fields.joined(separator: ",")
            }
            try lines.joined(separator: "\r\n").write(toFile: "\(naive)/\(name).csv", atomically: true, encoding: .utf8)
        }
        let (arc, audit) = Self.cinx(["audit", naive])
        #expect(arc == 1)
        // A's Unknown (the XXXX fault): Total 3176 - (2038 + 219 + 311 + 250 + 103 + 251) in ethnic-group = 4.
        #expect(audit.contains("ethnicity A Unknown: an attacker can narrow it to 4..4 (exact)"), "\(audit)")
        let (xrc, attack) = Self.attack(naive)
        #expect(xrc == 1)
        #expect(attack.contains("ethnicity A Unknown 4..4 exact"), "\(attack)")
    }

    @Test func auditExitCodes() throws {
        #expect(Self.cinx(["audit", "/nonexistent-release"]).0 == 2)
        let bad = Self.work("bad")
        try "cohort,Unborn,Total\r\nA,x,3\r\n".write(toFile: bad + "/age.csv", atomically: true, encoding: .utf8)
        let (rc, out) = Self.cinx(["audit", bad])
        #expect(rc == 2)
        #expect(out.contains("neither a count nor c"))
        // Numbers that contradict each other: A's bands add to 5, its Total says 9.
        let odd = Self.work("odd")
        try "cohort,Unborn,Under 1,1-4,5-9,10-15,16+,Unknown,Total\r\nA,1,1,1,1,1,0,0,9\r\n".write(toFile: odd + "/age.csv", atomically: true, encoding: .utf8)
        #expect(Self.cinx(["audit", odd]).0 == 2)
        // A hand-written release: a Total with two hidden cells beside it, 6..19 and 0..13 wide.
        let hand = Self.work("hand")
        try "cohort,Unborn,Under 1,1-4,5-9,10-15,16+,Unknown,Total\r\nA,c,c,10,10,10,10,0,60\r\n".write(toFile: hand + "/age.csv", atomically: true, encoding: .utf8)
        let (hrc, hout) = Self.cinx(["audit", hand, "--all"])
        #expect(hrc == 0, "\(hout)")
        #expect(hout.contains("age A Unborn: 1..19"))
    }

    /// What the audit cannot model as published is exit 2 with one line naming the file and line;
    /// several directories are audited one by one, and the exit status is the worst of them.
    @Test func strictAuditAndSeveralDirectories() throws {
        let header = "cohort,Unborn,Under 1,1-4,5-9,10-15,16+,Unknown,Total\r\n"
        let rows = ["A,10,20,30,20,10,10,0,100\r\n", "B,0,10,10,0,0,0,0,20\r\n"]
        func manifest(_ cohorts: [(String, String)]) -> String { handWrittenManifest(cohorts) }
        let standard = [("A", "!(4B | 5B)"), ("B", "4B | 5B")]
        func release(_ name: String, age: String, cohorts: [(String, String)]? = standard) throws -> String {
            let dir = Self.work(name)
            try age.write(toFile: dir + "/age.csv", atomically: true, encoding: .utf8)
            if let cohorts { try manifest(cohorts).write(toFile: dir + "/release.json", atomically: true, encoding: .utf8) }
            return dir
        }
        // CRLF and quoted numbers (RFC 4180) read as any other CSV.
        let clean = try release("clean", age: header + #""A","10","20","30","20","10","10","0","100""# + "\r\n" + rows[1])
        let (crc, cout) = Self.cinx(["audit", clean])
        #expect(crc == 0, "\(cout)")
        let cases: [(String, String, [(String, String)]?, String)] = [
            ("rule", header + rows.joined() + "F,0,0,5,5,0,0,0,10\r\n", standard + [("F", "6B & & !4B")],
             "release.json: line 7: cohort F's rule '6B & & !4B' cannot be read"),
            ("twice", header + rows.joined() + rows[0], standard, "age.csv: line 4: a second row for cohort A (the first is on line 2)"),
            ("missing", header + rows[0], standard, "age.csv: no row for cohort B, which release.json lists"),
            ("unknown", header + rows.joined() + "G,0,5,5,0,0,0,0,10\r\n", standard, "age.csv: line 4: cohort G is not one release.json lists (A, B)"),
        ]
        var broken: [String] = []
        for (name, age, cohorts, message) in cases {
            let dir = try release(name, age: age, cohorts: cohorts)
            broken.append(dir)
            let (rc, out) = Self.cinx(["audit", dir])
            #expect(rc == 2, "\(name): \(out)")
            let line = out.split(separator: "\n").first { $0.hasPrefix("cinx: cannot audit ") }.map(String.init) ?? ""
            #expect(line.hasPrefix("cinx: cannot audit \(dir)/\(message)"), "\(name): \(out)")
        }
        // A Total that gives its one hidden cell away: 100 - 90 = 10 unborn, a finding (1).
        let found = try release("found", age: header + "A,c,20,30,20,10,10,0,100\r\n" + rows[1])
        #expect(Self.cinx(["audit", found]).0 == 1)
        // Several: 0 only if all are clean, 1 if any finding, 2 if any unreadable; each reported.
        let (arc, all) = Self.cinx(["audit", clean, clean])
        #expect(arc == 0 && all.contains("== \(clean)") && all.contains("2 clean, 0 with narrow cells, 0 unreadable"), "\(all)")
        #expect(Self.cinx(["audit", clean, found]).0 == 1)
        let (brc, both) = Self.cinx(["audit", found, broken[1], clean])
        #expect(brc == 2)
        #expect(both.contains("1 clean, 1 with narrow cells, 1 unreadable") && both.contains("age A Unborn: an attacker can narrow it to 10..10"), "\(both)")
        let (jrc, json) = Self.cinx(["audit", clean, found, "--format", "json"])
        #expect(jrc == 1)
        let docs = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(docs.map { $0["directory"] as? String } == [clean, found])
        #expect(docs.map { $0["outcome"] as? String } == ["clean", "found"])
    }

    @Test func jsonNeverPrintsAHiddenCount() throws {
        let (rc, out) = Self.cinx(["report"] + Self.demo + ["--table", "summary", "--in-cohort", "B", "--where", "ethnicity=WIRT", "--format", "json"])
        try #require(rc == 0)
        let json = String(out.drop { $0 != "{" })
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let table = try #require((doc["tables"] as? [[String: Any]])?.first)
        #expect(table["population"] as? String == "c")   // 5 children: hidden, not printed
        for row in try #require(table["rows"] as? [[String: Any]]) {
            let n = (row["values"] as? [String: Any])?["children"]
            if let n = n as? Int { #expect(n == 0 || n > 5) } else { #expect(n as? String == "c") }
        }
    }

    @Test func filtersCannotBeDifferenced() throws {
        // D = 526; without 8F it would be 524, giving away the two children of D with 8F.
        let (rc, out) = Self.cinx(["report"] + Self.demo + ["--table", "summary", "--exclude", "8F"])
        try #require(rc == 0)
        #expect(out.contains("D,4B/5B with 3B,c,c"), "\(out)")
        let (crc, custom) = Self.cinx(["report"] + Self.demo + ["--table", "summary", "--cohort", "F=(4B|5B) & 3B & !8F"])
        try #require(crc == 0, "\(custom)")
        #expect(custom.contains("F,(4B|5B) & 3B & !8F,c,c"), "\(custom)")
    }

    /// Red-team cases: a several-valued `--where` against the unfiltered ethnicity table; a custom
    /// cohort that is the sum of two factor-table cells; custom cohorts must not change the standard rows.
    @Test func queriesCannotIsolateHiddenCells() throws {
        // B/WIRT is hidden (5); WBRI or WIRT minus the visible WBRI would give it.
        let (rc, union) = Self.cinx(["report"] + Self.demo + ["--table", "summary", "--where", "ethnicity=WBRI", "--where", "ethnicity=WIRT"])
        try #require(rc == 0)
        #expect(union.contains("B,4B or 5B,c,c"), "\(union)")
        // F = 21 is A x 21 (published, 828) plus B x 21 (hidden, 1).
        let (frc, f) = Self.cinx(["report"] + Self.demo + ["--table", "summary", "--cohort", "F=21"])
        try #require(frc == 0)
        #expect(f.contains("F,21,c,c"), "\(f)")
        // Every standard cell keeps its state when a custom cohort is added.
        for table in ["ethnicity", "ethnic-group", "gender", "factor"] {
            let (_, plain) = Self.cinx(["report"] + Self.demo + ["--table", table])
            let (_, custom) = Self.cinx(["report"] + Self.demo + ["--table", table, "--cohort", "F=21"])
            let standard = { (t: String) in t.split(separator: "\n").filter { "ABCDE".contains($0.first ?? "x") && $0.dropFirst().first == "," } }
            #expect(standard(plain) == standard(custom), "\(table)")
        }
    }

    /// The response pack: one workbook whose numbers equal the CSV release cell for cell, read back
    /// by a real spreadsheet reader (openpyxl), with notes on the method, the audit and the inputs.
    @Test func theWorkbookEqualsTheCSVRelease() throws {
        let dir = Self.work("pack")
        let (rc, _) = Self.cinx(["report"] + Self.demo + ["--table", "all", "--out", dir + "/csv"])
        try #require(rc == 0)
        let (xrc, xlog) = Self.cinx(["report"] + Self.demo + ["--table", "all", "--format", "xlsx", "--out", dir + "/answer.xlsx"])
        try #require(xrc == 0, "\(xlog)")
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/answer.xlsx")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let (crc, check) = Self.run(["python3", Self.root + "/Tests/EndToEnd/check_workbook.py", dir + "/answer.xlsx", dir + "/csv"])
        #expect(crc == 0, "\(check)")
        #expect(check.contains("0 difference(s)"))
        // --format xlsx needs a file to write.
        #expect(Self.cinx(["report"] + Self.demo + ["--format", "xlsx"]).0 != 0)
    }

    /// Faults (issue 13's table, the rows done so far): a missing file fails the run unless
    /// --keep-going; a bad filter is refused before anything loads; a long run of '!' is no crash.
    @Test func faultsFailLoudlyAndEarly() throws {
        let out = Self.work("faults") + "/t"
        let (rc, log) = Self.cinx(["report", "demo-data/cin-2017.xml.gz", "/nonexistent.xml", "--table", "all", "--out", out])
        #expect(rc == 2)
        #expect(log.contains("could not load /nonexistent.xml; nothing written"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let (krc, klog) = Self.cinx(["report", "demo-data/cin-2017.xml.gz", "/nonexistent.xml", "--table", "summary", "--keep-going"])
        #expect(krc == 1)
        #expect(klog.contains("skipped: /nonexistent.xml") && klog.contains("cohort,label,children,percent"))
        let (wrc, wlog) = Self.cinx(["report", "/nonexistent-and-never-read.xml", "--where", "age=99"])
        #expect(wrc != 0 && wlog.contains("no value '99'") && !wlog.contains("loaded"))
        let (nrc, _) = Self.cinx(["report", "demo-data/cin-2017.xml.gz", "--table", "summary", "--cohort", "F=" + String(repeating: "!", count: 60_000) + "4B"])
        #expect(nrc == 0)
        // A FIFO or a device as --out is refused even with --force; a dangling link without it.
        let dir = Self.work("targets")
        #expect(Self.run(["mkfifo", dir + "/fifo"]).0 == 0)
        let (frc, flog) = Self.cinx(["report", "demo-data/cin-2017.xml.gz", "--table", "summary", "--out", dir + "/fifo", "--force"])
        #expect(frc == 2 && flog.contains("not a regular file"))
        #expect(Self.cinx(["report", "demo-data/cin-2017.xml.gz", "--table", "summary", "--out", "/dev/null", "--force"]).0 == 2)
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling", withDestinationPath: dir + "/nowhere")
        let (drc, dlog) = Self.cinx(["report", "demo-data/cin-2017.xml.gz", "--table", "summary", "--out", dir + "/dangling"])
        #expect(drc == 2 && dlog.contains("symbolic link"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/nowhere"))
        // A NUL byte half way through a CSV: the file was read only in part, so the run fails loudly.
        let (zrc, flat) = Self.run(["sh", "-c", "zcat demo-data/cin-flat.csv.gz"])
        try #require(zrc == 0)
        var bytes = Array(flat.utf8)
        if let cut = bytes[(bytes.count / 2)...].firstIndex(of: 10) { bytes.insert(0, at: cut + 1) }
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/nul.csv"))
        let (urc, ulog) = Self.cinx(["report", dir + "/nul.csv", "--table", "summary"])
        #expect(urc == 2 && ulog.contains("NUL byte") && ulog.contains("could not load"), "\(ulog)")
        // A pipe reads like the file it carries (gzip sniffed without seeking).
        let (prc, plog) = Self.run(["bash", "-c", "'\(CinxProcess.binary)' report <(cat demo-data/cin-flat.csv.gz) --table summary"])
        #expect(prc == 0 && plog.contains("E,4B/5B with 3B and 1B or 2B,289,6.9"), "\(plog)")
    }

    @Test func unsuppressedReleasesSaySo() throws {
        let dir = Self.work("open")
        let (rc, log) = Self.cinx(["report"] + Self.demo + ["--table", "all", "--out", dir, "--suppress", "0"])
        try #require(rc == 0)
        #expect(log.contains("NOT FOR PUBLICATION"))
        #expect(FileManager.default.fileExists(atPath: dir + "/NOT-FOR-PUBLICATION.txt"))
        // Written again with suppression, the warning file goes.
        let (rc2, _) = Self.cinx(["report"] + Self.demo + ["--table", "all", "--out", dir, "--force"])
        try #require(rc2 == 0)
        #expect(!FileManager.default.fileExists(atPath: dir + "/NOT-FOR-PUBLICATION.txt"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/release.json"))) as? [String: Any])
        #expect((manifest["audit"] as? [String: Any])?["clean"] as? Bool == true)
        // Provenance: every input with its size and SHA-256 (checked here with sha256sum), the load, a README.
        let inputs = try #require(manifest["inputs"] as? [[String: Any]])
        #expect(inputs.map { $0["path"] as? String } == Self.demo)
        for input in inputs {
            let path = try #require(input["path"] as? String)
            let (rc, sum) = Self.run(["sha256sum", path])
            #expect(rc == 0 && sum.hasPrefix((input["sha256"] as? String) ?? "?"), "\(path)")
        }
        let loaded = try #require(manifest["loaded"] as? [String: Any])
        #expect(loaded["children"] as? Int == 18650)
        // Small problem counts are hidden like cells, and the total with them (it would give one away).
        let kinds = try #require(loaded["problemsByKind"] as? [String: Any])
        #expect(kinds["birth-and-expected-birth-date"] as? String == "c")
        #expect(loaded["problems"] as? String == "c")
        // Nothing about the hidden cells' values: not how many are primary, not their sum.
        let suppression = try #require(manifest["suppression"] as? [String: Any])
        #expect(Set(suppression.keys) == ["threshold", "protection", "hiddenMinimum"])
        let readme = try String(contentsOfFile: dir + "/README.md", encoding: .utf8)
        #expect(readme.contains("| `need.csv` |") && readme.contains("cinx report demo-data/cin-2015.xml.gz"))
    }
}
