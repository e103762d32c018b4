import CINModel
import Foundation

/// One protected release as the ledger holds it: aggregates only, what the release published. The
/// file `entries/ID.json` is one JSON object, written whole (docs/privacy.md, "Release ledger").
public struct LedgerEntry: Codable, Equatable, Sendable {
    /// A published table: its name (`summary`, `age`, …, `trend`) and its CSV text.
    public struct Table: Codable, Equatable, Sendable {
        public var name: String
        public var csv: String
        public init(name: String, csv: String) { self.name = name; self.csv = csv }
    }

    /// The format this cinx writes and reads; an entry of another is refused, not guessed at.
    public static let currentFormat = "cinx-ledger-entry-1"

    public var format: String
    /// Twelve lower-case hex digits, unique in the ledger; the file's name.
    public var id: String
    /// When the release was written (release.json's `written`).
    public var recorded: String
    /// The reporting year (release.json's `year`).
    public var year: Int
    /// The extract's key: its inputs' SHA-256, each once, sorted (`ReleaseManifest.ledgerKey`).
    public var inputs: [String]
    /// release.json's text, as written.
    public var release: String
    /// Every published table's CSV text, in the release's order.
    public var tables: [Table]
    /// SHA-256 of everything above (`contentDigest`): an entry changed after it was written reads as damaged.
    public var sha256: String

    /// The file it was read from (empty for an entry not yet appended).
    public internal(set) var file = ""

    enum CodingKeys: String, CodingKey { case format, id, recorded, year, inputs, release, tables, sha256 }

    /// A new entry for a release whose manifest already names it (`ledger.entry == id`).
    init(id: String, manifest: ReleaseManifest, key: [String], tables: [Table]) {
        format = LedgerEntry.currentFormat
        self.id = id
        recorded = manifest.written
        year = manifest.year
        inputs = key
        release = manifest.json()
        self.tables = tables
        sha256 = ""
        sha256 = contentDigest
    }

    /// The release.json it holds.
    public func manifest() throws(LedgerError) -> ReleaseManifest {
        do { return try JSONDecoder().decode(ReleaseManifest.self, from: Data(release.utf8)) } catch {
            throw LedgerError(.damaged, path: file, reason: "its release.json cannot be read (\(error.localizedDescription))")
        }
    }

    /// The release read back as `cinx audit` reads a release directory holding its release.json and
    /// tables; errors name `FILE/release.json` or `FILE/TABLE.csv`.
    public func contents() throws(ReleaseDirectory.ReadError) -> ReleaseDirectory.Contents {
        try ReleaseDirectory.read(manifest: release, tables: tables.map { ($0.name, $0.csv) }, origin: file.isEmpty ? id : file)
    }

    /// SHA-256 over the fields in a fixed order, each as its byte length, a colon and its bytes (so that
    /// no two different entries give the same bytes to hash).
    var contentDigest: String {
        var bytes: [UInt8] = []
        func add(_ s: String) { bytes += Array("\(s.utf8.count):".utf8) + Array(s.utf8) }
        add(format); add(id); add(recorded); add(String(year))
        add(String(inputs.count)); inputs.forEach(add)
        add(release)
        add(String(tables.count)); for t in tables { add(t.name); add(t.csv) }
        return FileDigest.sha256(bytes: bytes)
    }

    /// A hex SHA-256 (what `ReleaseManifest.Input.sha256` holds when the input was hashed).
    static func isDigest(_ s: String) -> Bool { s.utf8.count == 64 && s.utf8.allSatisfy(isHexDigit) }

    /// An entry id: twelve lower-case hex digits.
    public static func isID(_ s: String) -> Bool { s.utf8.count == 12 && s.utf8.allSatisfy(isHexDigit) }

    private static func isHexDigit(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 97 && b <= 102) }

    /// A new id: the first twelve hex digits of SHA-256 over the release's key, year, time, tables and
    /// 16 random bytes (two releases written in the same second of the same extract still differ).
    static func newID(key: [String], year: Int, written: String, tables: [Table]) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        bytes += Array((key + [String(year), written] + tables.map(\.csv)).joined(separator: "\n").utf8)
        let digest = FileDigest.sha256(bytes: bytes)
        return digest.isEmpty ? bytes.prefix(6).map { String(format: "%02x", $0) }.joined() : String(digest.prefix(12))
    }

    /// Reads and checks one entry file: whole JSON of the current format, named for its id, its digest
    /// matching its content, its release.json readable and agreeing with its year and inputs.
    static func read(path: String) throws(LedgerError) -> LedgerEntry {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LedgerError(.unreadable, path: path, reason: "cannot read the entry")
        }
        var entry: LedgerEntry
        do { entry = try JSONDecoder().decode(LedgerEntry.self, from: data) } catch {
            throw LedgerError(.damaged, path: path, reason: "not a whole ledger entry (\(describe(error)))")
        }
        entry.file = path
        guard entry.format == currentFormat else {
            throw LedgerError(.damaged, path: path, reason: "format '\(ReleaseDirectory.printable(entry.format))' is not \(currentFormat), the one this cinx reads")
        }
        let name = PathFolder.name(path)
        guard name == entry.id + ".json" else {
            throw LedgerError(.damaged, path: path, reason: "it says it is entry '\(ReleaseDirectory.printable(entry.id))', but the file is named \(name)")
        }
        guard entry.sha256 == entry.contentDigest else {
            throw LedgerError(.damaged, path: path, reason: "its content does not match its SHA-256 (changed after it was written)")
        }
        let manifest = try entry.manifest()
        guard manifest.year == entry.year, manifest.ledgerKey == entry.inputs else {
            throw LedgerError(.damaged, path: path, reason: "its year or inputs differ from its release.json's")
        }
        return entry
    }

    /// A decoding error in one line: what was wrong, and where.
    private static func describe(_ error: Error) -> String {
        switch error as? DecodingError {
        case .dataCorrupted(let c): return c.underlyingError.map { "\($0.localizedDescription)" } ?? c.debugDescription
        case .keyNotFound(let key, _): return "no '\(key.stringValue)'"
        case .typeMismatch(_, let c), .valueNotFound(_, let c):
            return "'\(c.codingPath.map(\.stringValue).joined(separator: "."))' is not what an entry holds there"
        default: return error.localizedDescription
        }
    }
}
