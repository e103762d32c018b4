import Testing
import Foundation

/// The attacker holds every message: on the demo, `report`'s stderr and the explorer's header and
/// data-quality view must not let a hidden kind of load problem be recovered by subtracting the
/// kinds shown from a total (the demo's XML returns once printed 320 beside 317 shown: 3).
@Suite(.serialized) struct LoadCountsEndToEndTests {
    static let xml = (2015...2020).map { "demo-data/cin-\($0).xml.gz" }
    static let csv = ["demo-data/cin-flat.csv.gz"]

    /// The owner's truth, from `cinx validate --format json`: each kind's count and the total.
    static func truth(_ files: [String]) throws -> (kinds: [String: Int], total: Int) {
        let (rc, out) = CinxProcess.cinx(["validate", "--format", "json"] + files)
        try #require(rc == 1, "\(out)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        #expect(doc["notForPublication"] as? Bool == true)
        return (try #require(doc["problemCounts"] as? [String: Int]), try #require(doc["problemsTotal"] as? Int))
    }

    @Test(arguments: [xml, csv])
    func noHiddenKindCanBeSubtracted(files: [String]) throws {
        let (kinds, total) = try Self.truth(files)
        let hidden = kinds.filter { (1...5).contains($0.value) }
        // The demo has a deliberately rare fault: without one, this test tests nothing.
        try #require(!hidden.isEmpty, "\(kinds)")

        let (rc, report) = CinxProcess.cinx(["report"] + files + ["--table", "summary"])
        try #require(rc == 0, "\(report)")
        let loaded = try #require(report.split(separator: "\n").first { $0.hasPrefix("loaded ") }.map(String.init))
        #expect(loaded.contains("; c data-quality problem(s)"), "\(loaded)")
        #expect(!loaded.contains(" \(total) "), "\(loaded)")

        let (erc, screen) = CinxProcess.cinx(["explore"] + files + ["--keys", "data-quality", "--screen", "--size", "200x1000"])
        try #require(erc == 0, "\(screen)")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.first { $0.hasPrefix(" cinx |") })
        #expect(header.contains("| c load problems (d)"), "\(header)")
        #expect(lines.contains { $0.hasPrefix("DATA QUALITY: c problem(s)") }, "\(screen)")
        // No printed number is the total: the kinds shown have nothing to be subtracted from.
        #expect(!lines.contains { $0.contains("\(total) problem") || $0.contains("\(total) load problem") || $0.contains("\(total) data-quality") })
        for (kind, _) in hidden {
            let row = lines.first { $0.hasPrefix("  " + kind.prefix(30)) }
            #expect(row?.last == "c", "\(kind): \(row ?? "no row")")
            // Nor are its problems listed, which would count them.
            #expect(!lines.contains { $0.contains(": \(kind): ") }, "\(kind) listed")
        }
        // Every kind shown is the owner's count: only the hidden ones changed.
        for (kind, n) in kinds where n > 5 && kind.count <= 30 {
            #expect(lines.contains { $0.hasPrefix("  \(kind) ") && $0.hasSuffix(" \(n)") }, "\(kind)")
        }
    }

    @Test func validateSaysItIsTheOwnersView() throws {
        let (rc, text) = CinxProcess.cinx(["validate", "demo-data/cin-2017.xml.gz"])
        #expect(rc == 1)
        #expect(text.hasPrefix("the data owner's view, NOT FOR PUBLICATION"), "\(text.prefix(200))")
    }
}
