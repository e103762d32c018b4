import Testing
import Foundation

/// `cinx generate`'s options, through the real binary.
@Suite struct GenerateCommandTests {
    static func cinx(_ args: [String]) -> (Int32, String) {
        let r = CinxProcess.cinx(args)
        return (r.status, r.output)
    }

    /// A fresh directory of this suite's own.
    static func work(_ name: String) -> String { CinxProcess.workDirectory("cinx-generate", name) }

    @Test func pooledAuthoritiesGetTheirOwnFilesAndNames() throws {
        let dir = Self.work("pooled")
        let (rc, out) = Self.cinx(["generate", "--children", "600", "--authorities", "3", "--first-year", "2016", "--last-year", "2017",
                                   "--out", dir, "--name", "region", "--no-faults"])
        try #require(rc == 0, "\(out)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files == ["region-991-2016.xml", "region-991-2017.xml", "region-992-2016.xml", "region-992-2017.xml",
                          "region-993-2016.xml", "region-993-2017.xml"])
        let (crc, cout) = Self.cinx(["generate", "--children", "600", "--authorities", "3", "--format", "csv", "--out", dir, "--name", "region"])
        try #require(crc == 0, "\(cout)")
        let csv = try String(contentsOfFile: dir + "/region-flat.csv", encoding: .utf8)
        #expect(csv.contains(",Northmere\n") && csv.contains(",Eastvale\n") && csv.contains(",Southholm\n"))
    }

    @Test func badOptionsAreRefused() {
        let dir = Self.work("bad")
        #expect(Self.cinx(["generate", "--children", "10", "--authorities", "0", "--out", dir]).0 != 0)
        #expect(Self.cinx(["generate", "--children", "10", "--authorities", "206", "--out", dir]).0 != 0)
        #expect(Self.cinx(["generate", "--children", "2", "--authorities", "3", "--out", dir]).0 != 0)
        #expect(Self.cinx(["generate", "--children", "10", "--name", "a/b", "--out", dir]).0 != 0)
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir))?.isEmpty ?? true)
    }
}
