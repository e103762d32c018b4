import Testing
import Foundation

/// Releases a reader can collect together, made with the real binary: chains of releases recorded in one
/// release ledger (or given with `--beside`) and a regional pack (`--per-authority`). Each proves both sides: made apart, cinx's own
/// audit of the set finds cells it can narrow; made together, none.
@Suite(.serialized) struct ReleasesTogetherEndToEndTests {
    static let demo = "demo-data/cin-flat.csv.gz"
    static func work(_ name: String) -> String { CinxProcess.workDirectory("cinx-together", name) }
    /// The audit's line for the directories read together.
    static func togetherLine(_ audit: String) -> String? {
        audit.split(separator: "\n").first { $0.hasPrefix("audit together:") }.map(String.init)
    }

    /// Chains of two releases beside the standard one (docs/privacy.md, "Releases read together"), each of
    /// which, made apart, lets `cinx audit` narrow a hidden cell on the demo: males and females, a tracker
    /// pair of custom cohorts, and an exclusion chain. Made apart (each run its own ledger, as `CinxProcess`
    /// gives it) the set leaks; made with one ledger, the second is protected with the first and the set
    /// audits clean together.
    @Test(arguments: [
        ("gender", ["--where", "gender=Male"], ["--where", "gender=Female"]),
        ("tracker", ["--cohort", "F=4B | 5B | 21"], ["--cohort", "F=21 & !(4B | 5B)"]),
        ("exclusion", ["--exclude", "16A"], ["--exclude", "16A", "--exclude", "17A"]),
    ])
    func aChainMadeWithOneLedgerAuditsCleanTogether(name: String, first: [String], second: [String]) throws {
        let standard = Self.work("standard")
        var (rc, out) = CinxProcess.cinx(["report", Self.demo, "--table", "all", "--out", standard, "--force"])
        try #require(rc == 0, "\(out)")
        var apart: [String] = [], together: [String] = []
        let ledger = Self.work("ledger")
        for (k, filter) in [first, second].enumerated() {
            let a = Self.work("\(name)-apart-\(k)"), t = Self.work("\(name)-together-\(k)")
            (rc, out) = CinxProcess.cinx(["report", Self.demo, "--table", "all", "--out", a, "--force"] + filter)
            try #require(rc == 0, "\(out)")
            (rc, out) = CinxProcess.cinx(["report", Self.demo, "--table", "all", "--out", t, "--force", "--ledger", ledger] + filter)
            try #require(rc == 0, "\(out)")
            if k == 1 { #expect(out.contains("protected together with the standard release and 1 earlier release(s)"), "\(out)") }
            apart.append(a); together.append(t)
        }
        let (apartRC, apartAudit) = CinxProcess.cinx(["audit", standard] + apart)
        #expect(apartRC == 1, "\(name): \(apartAudit)")
        #expect(Self.togetherLine(apartAudit).map { !$0.contains("; 0 exact, 0 narrower") } == true, "\(apartAudit)")
        let (togetherRC, togetherAudit) = CinxProcess.cinx(["audit", standard] + together)
        #expect(togetherRC == 0, "\(name): \(togetherAudit)")
        #expect(Self.togetherLine(togetherAudit)?.hasSuffix("; 0 exact, 0 narrower than 6 values") == true, "\(togetherAudit)")
        // The ledger holds the two releases made with it (the standard one was made without it).
        let (listRC, list) = CinxProcess.cinx(["ledger", "list", "--ledger", ledger])
        #expect(listRC == 0 && list.contains("2 releases"), "\(list)")
        guard name == "gender" else { return }
        // And the attack written apart from cinx (Tests/Attack) over the three made together.
        let (attackRC, attack) = CinxProcess.output(of: ["python3", CinxProcess.packageRoot + "/Tests/Attack/attack_release.py", standard] + together)
        #expect(attackRC == 0, "\(attack)")
        #expect(attack.contains("exact 0, narrow 0"), "\(attack)")
    }

    /// The other order of the gender chain: females first. Whatever the order, what a ledger lets out audits
    /// clean together: here the male release cannot be protected beside the standard and female ones (they
    /// already narrow some of its cells whatever it hides), so it is refused, naming the earlier release, and
    /// nothing is written or recorded.
    @Test func theOtherOrderIsSafeToo() throws {
        let standard = Self.work("standard"), female = Self.work("female"), male = Self.work("male"), ledger = Self.work("ledger")
        var (rc, out) = CinxProcess.cinx(["report", Self.demo, "--table", "all", "--out", standard, "--force"])
        try #require(rc == 0, "\(out)")
        (rc, out) = CinxProcess.cinx(["report", Self.demo, "--table", "all", "--out", female, "--ledger", ledger, "--where", "gender=Female"])
        try #require(rc == 0, "\(out)")
        (rc, out) = CinxProcess.cinx(["report", Self.demo, "--table", "all", "--out", male, "--ledger", ledger, "--where", "gender=Male"])
        let written = rc == 0 ? [standard, female, male] : [standard, female]
        if rc != 0 {
            #expect(rc == 2, "\(out)")
            #expect(out.contains("refusing to publish (nothing written): read with the standard release and ledger entry "), "\(out)")
            #expect(!FileManager.default.fileExists(atPath: male + "/release.json"))
            let (_, list) = CinxProcess.cinx(["ledger", "list", "--ledger", ledger])
            #expect(list.contains("1 release"), "\(list)")
        }
        let (auditRC, audit) = CinxProcess.cinx(["audit"] + written)
        #expect(auditRC == 0, "\(audit)")
    }

    /// `--beside DIR` does by hand what the ledger does: the tracker pair's second half beside the first.
    @Test func aReleaseMadeBesideAnotherAuditsCleanWithIt() throws {
        let standard = Self.work("standard"), first = Self.work("first"), second = Self.work("second")
        for (dir, filter) in [(standard, [String]()), (first, ["--cohort", "F=4B | 5B | 21"])] {
            let (rc, out) = CinxProcess.cinx(["report", Self.demo, "--table", "all", "--out", dir, "--force"] + filter)
            try #require(rc == 0, "\(out)")
        }
        let (rc, out) = CinxProcess.cinx(["report", Self.demo, "--table", "all", "--out", second, "--force",
                                          "--cohort", "F=21 & !(4B | 5B)", "--beside", first])
        try #require(rc == 0, "\(out)")
        let (auditRC, audit) = CinxProcess.cinx(["audit", standard, first, second])
        #expect(auditRC == 0, "\(audit)")
    }

    /// `--beside` a release of another year is refused: those are not the same children.
    @Test func aReleaseOfAnotherYearIsNotReadBeside() throws {
        let other = Self.work("2018")
        var (rc, out) = CinxProcess.cinx(["report", Self.demo, "--table", "all", "--year", "2018", "--out", other, "--force"])
        try #require(rc == 0, "\(out)")
        (rc, out) = CinxProcess.cinx(["report", Self.demo, "--table", "summary", "--where", "gender=Male", "--beside", other])
        #expect(rc == 2)
        #expect(out.contains("--beside \(other): a release of year 2018"), "\(out)")
    }

    /// A pooled extract of three authorities: the pack protects the regional release and each authority's as
    /// one system and audits clean together (`cinx audit PACK`, and the attack written apart); `--where
    /// authority=X` is the pack's member; releases of each authority's own extract, made apart, let a reader
    /// subtract (the D/18A = 26 - 13 - 8).
    @Test func aRegionalPackAuditsCleanTogetherWhereSeparateReleasesDoNot() throws {
        let gen = Self.work("g3")
        var (rc, out) = CinxProcess.cinx(["generate", "--children", "6000", "--seed", "13", "--authorities", "3", "--format", "csv", "--out", gen])
        try #require(rc == 0, "\(out)")
        let extract = gen + "/cin-flat.csv"
        let pack = Self.work("pack")
        (rc, out) = CinxProcess.cinx(["report", extract, "--table", "all", "--per-authority", "--out", pack, "--force"])
        try #require(rc == 0, "\(out)")
        let members = try FileManager.default.contentsOfDirectory(atPath: pack).sorted()
        #expect(members == ["991-northmere", "992-eastvale", "993-southholm", "regional"], "\(members)")
        for m in members {
            #expect(FileManager.default.fileExists(atPath: "\(pack)/\(m)/release.json"))
            #expect(FileManager.default.fileExists(atPath: "\(pack)/\(m)/README.md"))
        }
        // The regional release is the standard release: the same bytes as `report --table all`.
        let standard = Self.work("standard")
        (rc, out) = CinxProcess.cinx(["report", extract, "--table", "all", "--out", standard, "--force"])
        try #require(rc == 0, "\(out)")
        for table in ["summary", "age", "ethnicity", "ethnic-group", "maltreatment", "need"] {
            #expect(FileManager.default.contents(atPath: "\(pack)/regional/\(table).csv") == FileManager.default.contents(atPath: "\(standard)/\(table).csv"))
        }
        // No member shows a count from 1 to 5, even one the rest of the pack would determine: the members
        // before it hide more instead.
        for m in members {
            for table in ["summary", "age", "ethnicity", "ethnic-group", "maltreatment", "need"] {
                let csv = (try? String(contentsOfFile: "\(pack)/\(m)/\(table).csv", encoding: .utf8)) ?? ""
                let small = csv.split(separator: "\n").dropFirst().flatMap { $0.split(separator: ",") }.filter { (1...5).contains(Int($0) ?? 0) }
                #expect(small.isEmpty, "\(m)/\(table).csv shows \(small)")
            }
        }
        let (packRC, packAudit) = CinxProcess.cinx(["audit", pack])
        #expect(packRC == 0, "\(packAudit)")
        #expect(Self.togetherLine(packAudit)?.hasSuffix("; 0 exact, 0 narrower than 6 values") == true, "\(packAudit)")

        // `--where authority=X`, made on its own (no ledger, no --beside), is that authority's release of the
        // pack: the same bytes, so a reader holding the pack and any of them learns nothing more.
        let alone = Self.work("alone")
        try FileManager.default.createDirectory(atPath: alone, withIntermediateDirectories: true)
        for (code, member) in [("991", "991-northmere"), ("992", "992-eastvale"), ("993", "993-southholm")] {
            (rc, out) = CinxProcess.cinx(["report", extract, "--table", "all", "--where", "authority=\(code)", "--out", alone + "/" + code, "--no-ledger"])
            try #require(rc == 0, "\(out)")
            #expect(out.contains("a part of the regional pack"), "\(out)")
            for table in ["summary", "age", "ethnicity", "ethnic-group", "maltreatment", "need"] {
                #expect(FileManager.default.contents(atPath: "\(alone)/\(code)/\(table).csv") == FileManager.default.contents(atPath: "\(pack)/\(member)/\(table).csv"),
                        "\(code) \(table)")
            }
        }
        // Each authority answering from its own extract, and the region from the pooled one, are releases of
        // different extracts, which nothing links (docs/privacy.md, "What this does not stop"): the attack
        // below subtracts them, as the worked example D/18A = 26 - 13 - 8 did.
        let apart = Self.work("apart")
        try FileManager.default.createDirectory(atPath: apart, withIntermediateDirectories: true)
        (rc, out) = CinxProcess.cinx(["report", extract, "--table", "all", "--out", apart + "/regional", "--no-ledger"])
        try #require(rc == 0, "\(out)")
        let pooled = try String(contentsOfFile: extract, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let header = pooled.first.map(String.init) ?? ""
        // LA is the last column (quoted factor lists hold commas, so fields are counted from the end).
        try #require(header.hasSuffix(",LA"), "\(header)")
        for (code, name) in [("991", "Northmere"), ("992", "Eastvale"), ("993", "Southholm")] {
            let own = pooled.dropFirst().filter { $0.hasSuffix("," + name) }
            let file = "\(gen)/own-\(code).csv"
            try ([header] + own.map(String.init)).joined(separator: "\n").appending("\n").write(toFile: file, atomically: true, encoding: .utf8)
            (rc, out) = CinxProcess.cinx(["report", file, "--table", "all", "--out", apart + "/" + code, "--no-ledger"])
            try #require(rc == 0, "\(out)")
            // A reader knows which authority answered: its release.json says so, for the attack to read.
            let manifestPath = "\(apart)/\(code)/release.json"
            var manifest = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifestPath))) as? [String: Any])
            var filter = manifest["filter"] as? [String: Any] ?? [:]
            filter["where"] = ["authority=\(name) (\(code))"]
            manifest["filter"] = filter
            try JSONSerialization.data(withJSONObject: manifest).write(to: URL(fileURLWithPath: manifestPath))
        }

        // The attack written apart from cinx (Tests/Attack) agrees: it subtracts the releases made apart, and
        // recovers nothing from the pack.
        let attack = CinxProcess.packageRoot + "/Tests/Attack/attack_release.py"
        let packDirs = ["regional", "991-northmere", "992-eastvale", "993-southholm"].map { "\(pack)/\($0)" }
        let (packAttackRC, packAttack) = CinxProcess.output(of: ["python3", attack] + packDirs)
        #expect(packAttackRC == 0 && packAttack.contains("exact 0, narrow 0"), "\(packAttack.suffix(400))")
        let aloneDirs = ["991", "992", "993"].map { "\(alone)/\($0)" } + ["\(pack)/regional"]
        let (aloneAttackRC, aloneAttack) = CinxProcess.output(of: ["python3", attack] + aloneDirs)
        #expect(aloneAttackRC == 0 && aloneAttack.contains("exact 0, narrow 0"), "\(aloneAttack.suffix(400))")
        let apartDirs = ["regional", "991", "992", "993"].map { "\(apart)/\($0)" }
        let (apartAttackRC, apartAttack) = CinxProcess.output(of: ["python3", attack] + apartDirs)
        #expect(apartAttackRC == 1 && !apartAttack.contains("exact 0,"), "\(apartAttack.suffix(400))")
    }
}
