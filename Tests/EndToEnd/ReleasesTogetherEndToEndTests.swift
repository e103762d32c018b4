import Testing
import Foundation

/// Releases a reader can collect together, made with the real binary: a chain of filtered releases
/// (`--beside`) and a regional pack (`--per-authority`). Each proves both sides: made apart, cinx's own
/// audit of the set finds cells it can narrow; made together, none.
@Suite(.serialized) struct ReleasesTogetherEndToEndTests {
    static let demo = "demo-data/cin-flat.csv.gz"
    static func work(_ name: String) -> String { CinxProcess.workDirectory("cinx-together", name) }
    /// The audit's line for the directories read together.
    static func togetherLine(_ audit: String) -> String? {
        audit.split(separator: "\n").first { $0.hasPrefix("audit together:") }.map(String.init)
    }

    /// The standard release, `--where gender=Male` and `--where gender=Female` of the demo. Made apart,
    /// each is protected beside the standard release only: read together the three give hidden cells
    /// away (the audit finds exact ones). The female release made `--beside` the male one is protected
    /// with both, and the three audit clean together.
    @Test func maleAndFemaleReleasesMadeBesideEachOtherAuditCleanTogether() throws {
        let standard = Self.work("standard"), male = Self.work("male"), female = Self.work("female"), besideMale = Self.work("female-beside")
        for (dir, filter) in [(standard, [String]()), (male, ["--where", "gender=Male"]), (female, ["--where", "gender=Female"])] {
            let (rc, out) = CinxProcess.cinx(["report", Self.demo, "--table", "all", "--out", dir, "--force"] + filter)
            try #require(rc == 0, "\(out)")
        }
        let (apartRC, apart) = CinxProcess.cinx(["audit", standard, male, female])
        #expect(apartRC == 1, "\(apart)")
        #expect(Self.togetherLine(apart).map { !$0.contains("; 0 exact, 0 narrower") } == true, "\(apart)")
        let (rc, out) = CinxProcess.cinx(["report", Self.demo, "--table", "all", "--out", besideMale, "--force",
                                          "--where", "gender=Female", "--beside", male])
        try #require(rc == 0, "\(out)")
        let (togetherRC, together) = CinxProcess.cinx(["audit", standard, male, besideMale])
        #expect(togetherRC == 0, "\(together)")
        #expect(Self.togetherLine(together)?.hasSuffix("; 0 exact, 0 narrower than 6 values") == true, "\(together)")
        // And the attack written apart from cinx (Tests/Attack) over the three.
        let (attackRC, attack) = CinxProcess.output(of: ["python3", CinxProcess.packageRoot + "/Tests/Attack/attack_release.py",
                                                         standard, male, besideMale])
        #expect(attackRC == 0, "\(attack)")
        #expect(attack.contains("exact 0, narrow 0"), "\(attack)")
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

    /// A pooled extract of three authorities: the regional release and each authority's, made apart
    /// (`--where authority=X` each), let a reader subtract (the D/18A = 26 - 13 - 8); the pack
    /// protects them as one system and audits clean together, by `cinx audit PACK`.
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
        let (packRC, packAudit) = CinxProcess.cinx(["audit", pack])
        #expect(packRC == 0, "\(packAudit)")
        #expect(Self.togetherLine(packAudit)?.hasSuffix("; 0 exact, 0 narrower than 6 values") == true, "\(packAudit)")

        let apart = Self.work("apart")
        try FileManager.default.createDirectory(atPath: apart, withIntermediateDirectories: true)
        (rc, out) = CinxProcess.cinx(["report", extract, "--table", "all", "--out", apart + "/regional"])
        try #require(rc == 0, "\(out)")
        for code in ["991", "992", "993"] {
            (rc, out) = CinxProcess.cinx(["report", extract, "--table", "all", "--where", "authority=\(code)", "--out", apart + "/" + code])
            try #require(rc == 0, "\(out)")
        }
        let (apartRC, apartAudit) = CinxProcess.cinx(["audit", apart])
        #expect(apartRC == 1, "\(apartAudit)")
        #expect(apartAudit.contains("(exact)"), "\(apartAudit)")
    }
}
