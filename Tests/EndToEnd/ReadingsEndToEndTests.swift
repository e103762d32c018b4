import Testing
import Foundation

/// `cinx report --compare` and the explorer's `D` on the demo (docs/definitions.md, "Readings side by side").
@Suite(.serialized) struct ReadingsEndToEndTests {
    static let demo = ["demo-data/cin-2015.xml.gz", "demo-data/cin-2016.xml.gz", "demo-data/cin-2017.xml.gz",
                       "demo-data/cin-2018.xml.gz", "demo-data/cin-2019.xml.gz", "demo-data/cin-2020.xml.gz"]

    /// The CSV lines of a run's output (stderr's notes start with `loaded`, `note:` or `warning:`).
    static func csvLines(_ out: String) -> [[String]] {
        out.split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.hasPrefix("loaded ") && !$0.hasPrefix("note:") && !$0.hasPrefix("warning:") }
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// The age band under both readings side by side: the run's own counts are the standard release's age table,
    /// each shown difference is the other's count minus the run's, the totals agree (the age band moves no child
    /// between cohorts), every movement listed goes up the bands and is shown above 5 unless definition 5 rules it
    /// out (down a band, into or out of Unknown: listed as 0), and the attacker's rule holds (docs/privacy.md).
    @Test func ageAtSideBySideAgreesWithTheStandardReleaseAndItsRules() throws {
        let (rc, out) = CinxProcess.cinx(["report"] + Self.demo + ["--table", "age", "--compare", "age-at"])
        try #require(rc == 0, "\(out)")
        #expect(!out.contains("note: --compare age-at") && !out.contains("are not published"), "\(out)")
        let rows = Self.csvLines(out)
        #expect(rows.first == ["choice", "table", "cohort", "measure", "reading", "cell", "to_cell", "count"])
        // The run's own counts are the standard release's age table, cell for cell.
        let (src, standard) = CinxProcess.cinx(["report"] + Self.demo + ["--table", "age", "--quiet"])
        try #require(src == 0)
        let table = Self.csvLines(standard)
        let header = try #require(table.first)
        var own = 0
        for line in table.dropFirst() {
            for (c, column) in header.enumerated().dropFirst() {
                #expect(rows.contains(["age-at", "age", line[0], "count", "start", column, "", line[c]]), "\(line[0]) \(column)")
                own += 1
            }
        }
        #expect(own == 5 * 8)
        func count(_ cohort: String, _ reading: String, _ cell: String) -> String? {
            rows.first { $0[2] == cohort && $0[3] == "count" && $0[4] == reading && $0[5] == cell }?[7]
        }
        var differences = 0
        for r in rows where r[3] == "difference" {
            differences += 1
            #expect(r[4] == "authorisation")
            if let a = count(r[2], "start", r[5]).flatMap(Int.init), let b = count(r[2], "authorisation", r[5]).flatMap(Int.init) {
                #expect(r[7] == String(b - a), "\(r)")
            } else {
                #expect(r[7] == "c", "\(r)")
            }
        }
        #expect(differences == 5 * 8)
        for cohort in ["A", "B", "C", "D", "E"] { #expect(count(cohort, "start", "Total") == count(cohort, "authorisation", "Total")) }
        #expect(!rows.contains { $0[3] == "changed" }, "the movers alone are not published: the tables are")
        let bands = ["Unborn", "Under 1", "1-4", "5-9", "10-15", "16+", "Unknown"]
        let moved = rows.filter { $0[3] == "moved" }
        #expect(moved.contains { $0[7] != "0" })
        for m in moved {
            let from = try #require(bands.firstIndex(of: m[5])), to = try #require(bands.firstIndex(of: m[6]))
            // Definition 5: up one band at most, never to or from Unknown.
            let possible = to == from + 1 && m[5] != "Unknown" && m[6] != "Unknown"
            if possible { #expect(Int(m[7]).map { $0 > 5 } ?? false, "a movement listed is shown, and more than 5: \(m)") }
            else { #expect(m[7] == "0", "ruled out by definition 5: \(m)") }
        }
    }

    @Test func aChoiceOfMembershipPublishesOnlyHowManyChildrenMove() throws {
        let (rc, out) = CinxProcess.cinx(["report"] + Self.demo + ["--table", "summary", "--compare", "first-assessment"])
        try #require(rc == 0, "\(out)")
        #expect(out.contains("note: --compare first-assessment: another reading changes who is in the population or in which cohort"))
        let rows = Self.csvLines(out).dropFirst()
        #expect(rows.filter { $0[3] == "changed" }.count == 1)
        #expect(!rows.contains { $0[4] == "start" && $0[3] != "changed" }, "no table of the other reading")
        #expect(rows.filter { $0[3] == "count" && $0[4] == "authorisation" }.count == 5)
    }

    /// A work directory holding the demo's whole standard scope for 2017 in `scope/`, as the independent attacker
    /// collects it (`Tests/Attack/collect_scope.py`): what a reader holds beside a side by side.
    static func standardScope(_ name: String) throws -> String {
        let root = CinxProcess.workDirectory("cinx-readings", name)
        let (rc, collected) = CinxProcess.output(of: ["python3", CinxProcess.packageRoot + "/Tests/Attack/collect_scope.py", "--cinx", CinxProcess.binary,
                                                      "--out", root + "/scope", "--year", "2017"] + Self.demo)
        try #require(rc == 0, "\(collected)")
        return root
    }

    /// code-21's side by side (docs/privacy.md, "Readings side by side"): every FOI table under `--code-21 ignored` and
    /// the children by cohort under each reading, the run's counts the standard release's, every shown difference the
    /// other's count less the run's, B's children never in A nor out (shown as 0: definition 2 moves only children whose
    /// first day is code 21 alone, all in A), and the independent attacker reading the whole standard scope with it
    /// recovers nothing.
    @Test func theCode21SideBySideWithstandsTheIndependentAttack() throws {
        let root = try Self.standardScope("code21")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let csv = root + "/code-21.csv"
        let (rc, out) = CinxProcess.cinx(["report"] + Self.demo + ["--table", "all", "--compare", "code-21", "--out", csv, "--no-ledger"])
        try #require(rc == 0, "\(out)")
        #expect(!out.contains("note: --compare code-21: another reading changes"), "\(out)")
        let rows = Self.csvLines(try String(contentsOfFile: csv, encoding: .utf8)).dropFirst()
        #expect(!rows.contains { $0[3] == "changed" })
        var count: [String: String] = [:]
        for r in rows where r[3] == "count" { count[r[4] + "," + r[1] + "," + r[2] + "," + r[5]] = r[7] }
        for r in rows where r[3] == "difference" {
            guard let a = count["counts," + r[1] + "," + r[2] + "," + r[5]].flatMap({ Int($0) }),
                  let b = count["ignored," + r[1] + "," + r[2] + "," + r[5]].flatMap({ Int($0) }) else { #expect(r[7] == "c"); continue }
            #expect(Int(r[7]) == b - a, "\(r)")
        }
        for table in ["summary", "age", "need"] { #expect(rows.contains { $0[1] == table && $0[3] == "count" && $0[4] == "ignored" }) }
        let moves = rows.filter { $0[3] == "moved-cohort" }
        for to in ["A", "out"] { #expect(moves.contains { $0[2] == "B" && $0[6] == to && $0[7] == "0" }, "B -> \(to)") }
        let (arc, attack) = CinxProcess.output(of: ["python3", CinxProcess.packageRoot + "/Tests/Attack/attack_release.py", root + "/scope",
                                                    "--compare", csv])
        #expect(arc == 0 && attack.contains("exact 0, narrow 0"), "\(attack)")
        let hidden = attack.firstMatch(of: /hidden (\d+),/).flatMap { Int($0.1) } ?? 0
        #expect(hidden > 118, "the side by side's hidden cells are attacked too: \(attack.suffix(200))")
    }

    @Test func theResponseWorkbookGainsTheSheet() throws {
        let dir = CinxProcess.workDirectory("cinx-readings", "xlsx")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/answer.xlsx"
        let (rc, out) = CinxProcess.cinx(["report"] + Self.demo + ["--table", "all", "--compare", "age-at", "--format", "xlsx", "--out", path])
        try #require(rc == 0, "\(out)")
        let (zrc, workbook) = CinxProcess.output(of: ["unzip", "-p", path, "xl/workbook.xml"])
        try #require(zrc == 0, "\(workbook)")
        #expect(workbook.contains("name=\"Depends on the reading\""))
        for sheet in ["summary", "age", "need", "notes"] { #expect(workbook.contains("name=\"\(sheet)\"")) }
        let (_, strings) = CinxProcess.output(of: ["unzip", "-p", path, "xl/worksheets/*.xml"])
        #expect(strings.contains("How the answer depends on the reading"))
        #expect(strings.contains("This answer: age at the assessment&apos;s start") || strings.contains("This answer: age at the assessment's start"))
    }

    /// A release under another reading says so in release.json (and only then), and is never read together with
    /// a release of cinx's readings: `audit` groups them apart, `--beside` refuses one.
    @Test func aReleaseOfAnotherReadingIsMarkedAndKeptApart() throws {
        let root = CinxProcess.workDirectory("cinx-readings", "releases")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let standard = root + "/standard", other = root + "/code21"
        let (src, sout) = CinxProcess.cinx(["report"] + Self.demo + ["--table", "all", "--out", standard])
        try #require(src == 0, "\(sout)")
        let (orc, oout) = CinxProcess.cinx(["report"] + Self.demo + ["--table", "all", "--out", other, "--code-21", "ignored", "--age-at", "authorisation"])
        try #require(orc == 0, "\(oout)")
        let plain = try String(contentsOfFile: standard + "/release.json", encoding: .utf8)
        let marked = try String(contentsOfFile: other + "/release.json", encoding: .utf8)
        #expect(!plain.contains("\"readings\""))
        #expect(marked.contains("\"readings\" : {") && marked.contains("\"code-21\" : \"ignored\"") && marked.contains("\"age-at\" : \"authorisation\""))
        let readme = try String(contentsOfFile: other + "/README.md", encoding: .utf8)
        #expect(readme.contains("read other than cinx's default: --code-21 ignored, --age-at authorisation"))
        let (arc, audit) = CinxProcess.cinx(["audit", standard, other])
        #expect(arc == 0, "\(audit)")
        #expect(!audit.contains("\(standard) and \(other) together"), "releases of different readings are not read together: \(audit)")
        let (brc, beside) = CinxProcess.cinx(["report"] + Self.demo + ["--table", "summary", "--where", "age=1-4", "--beside", other])
        #expect(brc == 2 && beside.contains("only releases of the same readings are read together"), "\(beside)")
    }

    /// The independent attacker (Tests/Attack, written apart from cinx's Swift) reads the demo's whole standard
    /// scope with the need-episode side by side, its other reading's counts and its movements linked to the
    /// need table, and recovers nothing: no hidden cell, standard or side by side, narrower than 6 values.
    @Test func theSideBySideWithstandsTheIndependentAttack() throws {
        let root = try Self.standardScope("attack")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let csv = root + "/need-episode.csv"
        let (rc, out) = CinxProcess.cinx(["report"] + Self.demo + ["--table", "need", "--compare", "need-episode", "--out", csv])
        try #require(rc == 0, "\(out)")
        let written = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(written.contains("need-episode,need,A,count,later,None,,2315"), "the other reading was published")
        let (arc, attack) = CinxProcess.output(of: ["python3", CinxProcess.packageRoot + "/Tests/Attack/attack_release.py", root + "/scope",
                                                    "--compare", csv])
        #expect(arc == 0 && attack.contains("exact 0, narrow 0"), "\(attack)")
        let hidden = attack.firstMatch(of: /hidden (\d+),/).flatMap { Int($0.1) } ?? 0
        #expect(hidden > 500, "the side by side's hidden cells are attacked too: \(attack.suffix(200))")
    }

    /// Two side by sides made apart are protected together through the release ledger, and every output
    /// `--compare` publishes withstands the independent attacker read with the whole standard scope. On a
    /// generated extract (a batch job on the demo: docs/privacy.md): `--table need --compare need-episode`, then
    /// `--table need --compare all` (need-episode and window-from side by side, the movers of code-21,
    /// first-assessment and same-day) and `--table age --compare age-at` (the age band side by side), with one ledger: all
    /// recorded, the second protected beside the first and publishing its need-episode tables cell for cell as
    /// the first did; the attacker reading the scope and the three files narrows nothing. `--no-ledger` warns
    /// that a side by side is not recorded.
    @Test func sideBySidesMadeApartAreProtectedTogetherThroughTheLedger() throws {
        let root = CinxProcess.workDirectory("cinx-readings", "ledger")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (grc, generated) = CinxProcess.cinx(["generate", "--children", "2000", "--seed", "7", "--format", "csv", "--out", root + "/extract"])
        try #require(grc == 0, "\(generated)")
        let extract = [root + "/extract/cin-flat.csv"]
        let (crc, collected) = CinxProcess.output(of: ["python3", CinxProcess.packageRoot + "/Tests/Attack/collect_scope.py", "--cinx", CinxProcess.binary,
                                                       "--out", root + "/scope", "--year", "2017"] + extract)
        try #require(crc == 0, "\(collected)")
        let ledger = ["--ledger", root + "/ledger"]
        let first = root + "/need-episode.csv", all = root + "/all.csv", age = root + "/age-at.csv"
        let (rc1, out1) = CinxProcess.cinx(["report"] + extract + ["--table", "need", "--compare", "need-episode", "--out", first] + ledger)
        try #require(rc1 == 0, "\(out1)")
        let (rc2, out2) = CinxProcess.cinx(["report"] + extract + ["--table", "need", "--compare", "all", "--out", all] + ledger)
        try #require(rc2 == 0, "\(out2)")
        let (rc3, out3) = CinxProcess.cinx(["report"] + extract + ["--table", "age", "--compare", "age-at", "--out", age] + ledger)
        try #require(rc3 == 0, "\(out3)")
        #expect(out2.contains("the side by side is protected together with the standard release and 1 earlier release(s)"), "\(out2)")
        #expect(!out2.contains("are not published"), "\(out2)")
        let (lrc, list) = CinxProcess.cinx(["ledger", "list"] + ledger)
        #expect(lrc == 0 && list.contains("ledger \(root)/ledger: 3 releases"), "\(list)")

        // The need-episode side by side of the need table, as the first run published it, cell for cell.
        func needEpisode(_ path: String) throws -> Set<[String]> {
            let rows = Self.csvLines(try String(contentsOfFile: path, encoding: .utf8))
            return Set(rows.filter { $0[0] == "need-episode" && $0[1] == "need" && $0[4] == "later" && $0[3] != "difference" })
        }
        let published = try needEpisode(first)
        #expect(published.count > 100)
        #expect(try needEpisode(all) == published)
        let rows = Self.csvLines(try String(contentsOfFile: all, encoding: .utf8) + String(contentsOfFile: age, encoding: .utf8))
        for choice in ["window-from", "code-21", "first-assessment", "age-at", "same-day"] {
            #expect(rows.contains { $0[0] == choice && $0[4] != "" && ($0[3] == "moved" || $0[3] == "changed") }, "\(choice) published")
        }

        let (arc, attack) = CinxProcess.output(of: ["python3", CinxProcess.packageRoot + "/Tests/Attack/attack_release.py", root + "/scope",
                                                    "--compare", first, "--compare", all, "--compare", age])
        #expect(arc == 0 && attack.contains("exact 0, narrow 0"), "\(attack.suffix(2000))")

        let (nrc, unrecorded) = CinxProcess.cinx(["report"] + extract + ["--table", "age", "--compare", "age-at", "--no-ledger", "--out", root + "/age.csv"])
        #expect(nrc == 0 && unrecorded.contains("warning: --no-ledger: this release is not recorded in the release ledger"), "\(unrecorded)")
    }

    /// The explorer's side by side (`D`) exported by a script (`--keys 'by need; compare-readings' --export`) is what
    /// `cinx report --table need --compare need-episode` writes (byte for byte, with no earlier release) and is recorded
    /// in the ledger as that run records it; a later `report --compare` beside it, of the same choice or of all,
    /// publishes its need-episode cells cell for cell (never contradicting it), and says it was protected with it.
    @Test func theExplorersSideBySideExportIsRecordedAndLaterReportsKeepItsCells() throws {
        let root = CinxProcess.workDirectory("cinx-readings", "explorer-ledger")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (grc, generated) = CinxProcess.cinx(["generate", "--children", "2000", "--seed", "7", "--format", "csv", "--out", root + "/extract"])
        try #require(grc == 0, "\(generated)")
        let extract = [root + "/extract/cin-flat.csv"]
        let ledger = ["--ledger", root + "/ledger"]
        let exported = root + "/explorer.csv"
        let (erc, eout) = CinxProcess.cinx(["explore"] + extract + ["--keys", "by need; compare-readings", "--export", exported] + ledger)
        try #require(erc == 0, "\(eout)")
        let (lrc, list) = CinxProcess.cinx(["ledger", "list"] + ledger)
        #expect(lrc == 0 && list.contains("ledger \(root)/ledger: 1 release") && list.contains("--compare need-episode --out \(exported)"), "\(list)")
        let (src, shown) = CinxProcess.cinx(["ledger", "show", "--ledger", root + "/ledger",
                                              String(list.split(separator: "\n").last?.prefix(12) ?? "")])
        #expect(src == 0 && shown.contains("need@need-episode:later") && shown.contains("need@need-episode:first>later"), "\(shown.prefix(400))")

        let (nrc, unrecorded) = CinxProcess.cinx(["report"] + extract + ["--table", "need", "--compare", "need-episode", "--no-ledger", "--quiet"])
        try #require(nrc == 0)
        let explorerRows = Self.csvLines(try String(contentsOfFile: exported, encoding: .utf8))
        #expect(explorerRows == Self.csvLines(unrecorded), "the explorer's export is report --compare's")

        func needEpisode(_ rows: [[String]]) -> Set<[String]> {
            Set(rows.filter { $0.count > 4 && $0[0] == "need-episode" && $0[4] == "later" && $0[3] != "difference" })
        }
        #expect(needEpisode(explorerRows).count > 100)
        for choice in ["need-episode", "all"] {
            let out = root + "/report-\(choice).csv"
            let (rc, log) = CinxProcess.cinx(["report"] + extract + ["--table", "need", "--compare", choice, "--out", out] + ledger)
            try #require(rc == 0, "\(log)")
            #expect(log.contains("the side by side is protected together with the standard release and"), "\(log)")
            #expect(needEpisode(Self.csvLines(try String(contentsOfFile: out, encoding: .utf8))) == needEpisode(explorerRows), "\(choice)")
        }
    }

    /// Releases of one extract under other readings, through one ledger (docs/privacy.md, "Releases of other
    /// readings"): a release with `--need-episode later` is refused beside the default one (its need table relates to
    /// the default's by a rule only movements carry) unless acknowledged, and then read beside later releases without
    /// its need table; a release with `--code-21 ignored`
    /// (another reading of membership, which the model cannot hold beside them) is refused naming the entries, by
    /// `report` and by an explorer export alike, and published with `--allow-other-readings`, warned; `--no-ledger`
    /// reads no ledger.
    @Test func releasesOfOtherReadingsAreReadTogetherOrRefused() throws {
        let root = CinxProcess.workDirectory("cinx-readings", "other-readings")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (grc, generated) = CinxProcess.cinx(["generate", "--children", "2000", "--seed", "7", "--format", "csv", "--out", root + "/extract"])
        try #require(grc == 0, "\(generated)")
        let extract = [root + "/extract/cin-flat.csv"]
        let ledger = ["--ledger", root + "/ledger"]
        let (rc1, out1) = CinxProcess.cinx(["report"] + extract + ["--table", "all", "--out", root + "/standard"] + ledger)
        try #require(rc1 == 0, "\(out1)")
        // A release of the other need episode alone: its need table is related to the default one by definition 9's
        // rule, which only the movements carry into the model, so it is refused beside the standard entry, naming it.
        let (rr2, rout2) = CinxProcess.cinx(["report"] + extract + ["--table", "all", "--need-episode", "later", "--out", root + "/later"] + ledger)
        #expect(rr2 == 2 && rout2.contains("read as cinx's default readings (its need)") && rout2.contains("--allow-other-readings"), "\(rout2)")
        #expect(!FileManager.default.fileExists(atPath: root + "/later"))
        let (rc2, out2) = CinxProcess.cinx(["report"] + extract + ["--table", "all", "--need-episode", "later", "--out", root + "/later",
                                                                  "--allow-other-readings"] + ledger)
        try #require(rc2 == 0 && out2.contains("warning: --allow-other-readings: release ledger entry"), "\(out2)")
        // Acknowledged once, the later entry's need is left out of every later release too, each acknowledging it; its
        // other tables (the need episode changes only the need table) are read beside the new release.
        let (rc3, out3) = CinxProcess.cinx(["report"] + extract + ["--table", "all", "--where", "gender=Male", "--out", root + "/male",
                                                                  "--allow-other-readings"] + ledger)
        #expect(rc3 == 0 && out3.contains("protected together with the standard release and 1 earlier release(s) of this extract and year"), "\(out3)")

        let (rc4, out4) = CinxProcess.cinx(["report"] + extract + ["--table", "summary", "--code-21", "ignored", "--out", root + "/code21.csv"] + ledger)
        // Every entry that refuses it is named (forgetting one would not do): the three before, each of the default code-21 reading.
        #expect(rc4 == 2 && out4.components(separatedBy: "is a release of this extract and year read as ").count == 4
                && out4.contains("this one is read as --code-21 ignored") && out4.contains("cinx ledger forget each of ")
                && out4.contains("--allow-other-readings"), "\(out4)")
        #expect(!FileManager.default.fileExists(atPath: root + "/code21.csv"))
        let (erc, eout) = CinxProcess.cinx(["explore"] + extract + ["--code-21", "ignored", "--keys", "by age", "--export", root + "/code21-age.csv"] + ledger)
        #expect(erc == 2 && eout.contains("--allow-other-readings"), "\(eout)")
        let (lrc, list) = CinxProcess.cinx(["ledger", "list"] + ledger)
        #expect(lrc == 0 && list.contains("3 releases"), "\(list)")

        let (arc, aout) = CinxProcess.cinx(["report"] + extract + ["--table", "summary", "--code-21", "ignored", "--out", root + "/code21.csv",
                                                                  "--allow-other-readings"] + ledger)
        #expect(arc == 0 && aout.contains("warning: --allow-other-readings: release ledger entry") && aout.contains("a reader holding both may subtract them"), "\(aout)")
        let (nrc, nout) = CinxProcess.cinx(["report"] + extract + ["--table", "summary", "--code-21", "ignored", "--no-ledger"])
        #expect(nrc == 0, "\(nout)")
    }

    @Test func compareIsRefusedWhereItDoesNotApply() {
        let bad: [[String]] = [["--compare", "nonsense"], ["--compare", "age-at", "--where", "age=1-4"],
                               ["--compare", "age-at", "--format", "markdown"], ["--compare", "age-at", "--cohort", "F=6B"]]
        for args in bad {
            let (rc, out) = CinxProcess.cinx(["report"] + Self.demo + ["--table", "age"] + args)
            #expect(rc != 0 && out.contains("--compare"), "\(args): \(out)")
        }
        let (rc, out) = CinxProcess.cinx(["report"] + Self.demo + ["--table", "ethnicity", "--compare", "age-at"])
        #expect(rc == 2 && out.contains("changes none of the tables asked for"), "\(out)")
    }

    @Test func theExplorerShowsTheSameNumbers() throws {
        // On the age view D opens the first choice that changes it (code-21), then the next ones.
        let (rc, page) = CinxProcess.cinx(["explore"] + Self.demo + ["--keys", "by age; compare-readings; key D; key D", "--screen", "--size", "110x60"])
        try #require(rc == 0, "\(page)")
        #expect(page.contains("Definitions side by side: age-at"), "\(page)")
        let (_, csv) = CinxProcess.cinx(["report"] + Self.demo + ["--table", "age", "--compare", "age-at"])
        let rows = Self.csvLines(csv)
        for band in ["1-4", "5-9", "Total"] {
            let a = try #require(rows.first { $0[2] == "A" && $0[3] == "count" && $0[4] == "start" && $0[5] == band })[7]
            let b = try #require(rows.first { $0[2] == "A" && $0[3] == "count" && $0[4] == "authorisation" && $0[5] == band })[7]
            let line = try #require(page.split(separator: "\n").first { $0.hasPrefix("A ") && $0.split(separator: " ").dropFirst().first.map(String.init) == band },
                                    "no line for A \(band)")
            let fields = line.split(separator: " ").map(String.init)
            #expect(fields.count >= 4 && fields[2] == a && fields[3] == b, "\(line) against \(a), \(b)")
        }
        let (_, first) = CinxProcess.cinx(["explore"] + Self.demo + ["--keys", "by age; compare-readings", "--screen", "--size", "110x30"])
        // code-21's page: the age table under both readings side by side (its joint model, docs/privacy.md).
        #expect(first.contains("Definitions side by side: code-21") && first.contains("ignored") && first.contains("difference")
                && !first.contains("Children counted differently"), "\(first)")
    }
}
