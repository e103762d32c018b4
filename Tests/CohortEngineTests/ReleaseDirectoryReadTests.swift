import Testing
import Foundation
import CohortEngine
@testable import CINRelease
@testable import CINTestSupport

/// `cinx audit` reads a release strictly: what it cannot model as published (a rule it cannot read, a
/// cohort's row twice, missing or unknown) is an error naming the file and line, not a note, since
/// modelling it loosely would let the audit pass cells a reader can narrow. RFC 4180's CRLF and
/// quoted fields are CSV like any other.
@Suite struct ReleaseDirectoryReadTests {
    static let ageHeader = "cohort,Unborn,Under 1,1-4,5-9,10-15,16+,Unknown,Total"

    /// A hand-written release.json listing these cohorts (id, rule).
    static func manifest(_ cohorts: [(String, String)]) -> String { handWrittenManifest(cohorts) }

    /// A directory holding these files (name, text).
    static func directory(_ files: [(String, String)]) throws -> String {
        let dir = temporaryDirectory()
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return dir
    }

    /// The reason `read` gives, or nil when it reads the directory.
    static func failure(_ dir: String) -> ReleaseDirectory.ReadError? {
        do { _ = try ReleaseDirectory.read(dir); return nil } catch { return error }
    }

    static let standard = [("A", "!(4B | 5B)"), ("B", "4B | 5B")]
    static let a = "A,10,20,30,20,10,10,0,100"
    static let b = "B,0,10,10,0,0,0,0,20"

    @Test func aCleanHandWrittenReleaseReads() throws {
        let dir = try Self.directory([("release.json", Self.manifest(Self.standard)),
                                      ("age.csv", [Self.ageHeader, Self.a, Self.b, ""].joined(separator: "\n"))])
        let contents = try ReleaseDirectory.read(dir)
        #expect(contents.notes.isEmpty)
        #expect(contents.release.cohorts.map(\.id) == ["A", "B"])
        #expect(contents.release.cohorts.allSatisfy { $0.rule != nil })
    }

    @Test func crlfAndQuotedNumbersAreCSVLikeAnyOther() throws {
        // CRLF line ends (cinx's own), and every field quoted as RFC 4180 allows, a `c` too.
        let quoted = #""A","10","20","30","20","10","10","0","100""# + "\r\n" + #""B","0","10","10","0","0","0","0","20""#
        let dir = try Self.directory([("release.json", Self.manifest(Self.standard)),
                                      ("age.csv", Self.ageHeader + "\r\n" + quoted + "\r\n")])
        let table = try #require(try ReleaseDirectory.read(dir).release.tables.first)
        #expect(table.rowIDs == ["A", "B"])
        #expect(table.cells == [[10, 20, 30, 20, 10, 10, 0, 100], [0, 10, 10, 0, 0, 0, 0, 20]])
        let hidden = try Self.directory([("age.csv", Self.ageHeader + "\r\n" + #""A","c","c","30","20","10","10","0","100""# + "\r\n")])
        #expect(try ReleaseDirectory.read(hidden).release.tables.first?.cells == [[nil, nil, 30, 20, 10, 10, 0, 100]])
    }

    @Test func aRuleThatCannotBeReadIsAnError() throws {
        let dir = try Self.directory([("release.json", Self.manifest(Self.standard + [("F", "6B & & !4B")])),
                                      ("age.csv", [Self.ageHeader, Self.a, Self.b, "F,0,0,5,5,0,0,0,10"].joined(separator: "\n"))])
        let e = try #require(Self.failure(dir))
        #expect(e.path.hasSuffix("/release.json"))
        // Line 7 of the manifest above: `{`, 2 lines of settings, `"cohorts" : [`, A, B, F.
        #expect(e.reason.hasPrefix("line 7: cohort F's rule '6B & & !4B' cannot be read"), "\(e.reason)")
        #expect(!e.description.contains("\n"))
    }

    @Test func aCohortsSecondRowIsAnError() throws {
        for files in [[("age.csv", [Self.ageHeader, Self.a, Self.b, Self.a].joined(separator: "\r\n"))],
                      [("release.json", Self.manifest(Self.standard)), ("age.csv", [Self.ageHeader, Self.a, Self.b, Self.a].joined(separator: "\r\n"))]] {
            let e = try #require(Self.failure(try Self.directory(files)))
            #expect(e.path.hasSuffix("/age.csv"))
            #expect(e.reason == "line 4: a second row for cohort A (the first is on line 2)")
        }
    }

    @Test func aCohortMissingFromATableIsAnError() throws {
        let dir = try Self.directory([("release.json", Self.manifest(Self.standard)),
                                      ("age.csv", [Self.ageHeader, Self.a, Self.b].joined(separator: "\n")),
                                      ("ethnic-group.csv", "cohort,White,Mixed,Asian,Black,Other,Unknown,Total\nA,100,0,0,0,0,0,100\n")])
        let e = try #require(Self.failure(dir))
        #expect(e.path.hasSuffix("/ethnic-group.csv"))
        #expect(e.reason == "no row for cohort B, which release.json lists")
    }

    @Test func aCohortReleaseJSONDoesNotListIsAnError() throws {
        let rows = [Self.ageHeader, Self.a, Self.b, "C,0,5,5,0,0,0,0,10"]
        let dir = try Self.directory([("release.json", Self.manifest(Self.standard)), ("age.csv", rows.joined(separator: "\n"))])
        let e = try #require(Self.failure(dir))
        #expect(e.path.hasSuffix("/age.csv"))
        #expect(e.reason == "line 4: cohort C is not one release.json lists (A, B)")
        // Without release.json a hand-written release may name any cohort (C is recognised by its id).
        #expect(Self.failure(try Self.directory([("age.csv", rows.joined(separator: "\n"))])) == nil)
    }

    @Test func aMessageIsOneLineWhateverTheFileHolds() throws {
        let dir = try Self.directory([("release.json", Self.manifest(Self.standard)),
                                      ("age.csv", Self.ageHeader + "\n" + Self.a + "\n\"B\nX\",0,10,10,0,0,0,0,20\n")])
        let e = try #require(Self.failure(dir))
        #expect(!e.description.contains("\n"), "\(e.description)")
    }
}
