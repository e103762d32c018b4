import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import CINModel
@testable import CohortEngine
@testable import CINLoading
@testable import CINRelease
@testable import CINTestSupport

/// The release ledger's storage (docs/privacy.md, "Release ledger"): entries written whole and read back
/// as the releases they record, private modes, two writers at once, a writer's leftovers, damaged entries
/// named and never skipped, a read-only ledger refused before anything is written. The commands and a
/// writer killed for real are in `LedgerEndToEndTests`.
@Suite struct ReleaseLedgerTests {
    static let extract = SyntheticExtract(children: 900, seed: 21)

    /// A generated extract's flat file, loaded: its path and engine.
    static let loaded: (path: String, engine: CohortEngine) = {
        let dir = temporaryDirectory()
        let path = (try? ExtractWriter.write(extract, format: .csv, directory: dir, gzip: false).first) ?? dir + "/missing.csv"
        return (path, CohortEngine(data: CensusLoader.load(paths: [path]).data, settings: AnalysisSettings(year: 2017)))
    }()

    /// The six FOI tables of the extract, protected and audited, with their manifest (inputs hashed).
    static func release(filter: Filter = .none, threshold: Int = 5) -> (ProtectedRelease, ReleaseManifest) {
        let engine = loaded.engine
        let release = ReportTables.release(engine: engine, names: ReportTables.allTableNames, threshold: threshold, filter: filter)
        let audit = ReleaseCheck.audit(release, cohorts: engine.cohorts, filter: filter)
        let manifest = ReleaseManifest(engine: engine, release: release, filter: filter, audit: audit,
                                       commandLine: ["cinx", "report", loaded.path], inputs: [loaded.path])
        return (release, manifest)
    }

    /// A recorded entry of the standard release (its own manifest, so each call is a new entry).
    static func record(in ledger: ReleaseLedger, session: LedgerSession? = nil) throws -> (LedgerEntry, ReleaseManifest) {
        var (release, manifest) = release()
        let recording = try LedgerRecording.record(&manifest, tables: LedgerRecording.tables(release), choice: .at(ledger), session: session)
        return (try #require(recording.entry), manifest)
    }

    static func mode(_ path: String) -> mode_t {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_mode & 0o777 : 0
    }

    /// The ledger's error `body` throws (nil when it throws none, or another kind of error).
    static func failure(_ body: () throws -> Void) -> LedgerError? {
        do { try body(); return nil } catch { return error as? LedgerError }
    }

    /// An entry read back is the release directory written beside it, read as `cinx audit` reads it: the
    /// same tables, cells, cohorts and rules, filter and manifest (with `ledger.entry` naming the entry).
    @Test func anEntryReadsBackAsTheReleaseDirectory() throws {
        let ledger = ReleaseLedger(directory: temporaryDirectory() + "/ledger")
        var (release, manifest) = Self.release()
        let recording = try LedgerRecording.record(&manifest, tables: LedgerRecording.tables(release), choice: .at(ledger))
        let entry = try #require(recording.entry)
        #expect(manifest.ledger == .entry(entry.id))
        let dir = temporaryDirectory() + "/release"
        try ReleaseWriter.writeDirectory(dir, tables: release.tables.map { ($0.table.name + ".csv", TableFormatter.csv($0)) },
                                         manifest: manifest, unsuppressed: false, overwrite: false)
        let fromDirectory = try ReleaseDirectory.read(dir)
        let fromLedger = try #require(try ledger.entries().first).contents()
        #expect(fromLedger.release == fromDirectory.release)
        #expect(fromLedger.manifest == fromDirectory.manifest)
        #expect(fromLedger.notes == fromDirectory.notes)
        #expect(fromLedger.release.tables.map(\.name) == ReportTables.allTableNames)
        // Byte for byte: release.json and every table as written.
        #expect(entry.release == (try String(contentsOfFile: dir + "/release.json", encoding: .utf8)))
        for t in entry.tables { #expect(t.csv == (try String(contentsOfFile: "\(dir)/\(t.name).csv", encoding: .utf8))) }
        // Keyed by the input's SHA-256 and the year.
        #expect(entry.inputs == [try FileDigest.sha256(path: Self.loaded.path)] && entry.year == 2017)
        // The key before a manifest exists is the manifest's.
        #expect(ReleaseManifest.ledgerKey(files: [Self.loaded.path, Self.loaded.path], digests: nil) == entry.inputs)
        #expect(ReleaseManifest.ledgerKey(files: ["-"], digests: nil) == nil)
    }

    /// The in-memory reading accepts what the directory reading accepts, and refuses it the same way.
    @Test func releaseTextsAreReadAsTheirDirectoryIs() throws {
        let header = "cohort,Unborn,Under 1,1-4,5-9,10-15,16+,Unknown,Total"
        let manifest = handWrittenManifest([("A", "!(4B | 5B)"), ("B", "4B | 5B")])
        for age in ["\(header)\nA,10,20,30,20,10,10,0,100\nB,0,10,10,0,0,0,0,20\n", "\(header)\nA,10,20,30,20,10,10,0,100\n"] {
            let dir = temporaryDirectory()
            try manifest.write(toFile: dir + "/release.json", atomically: true, encoding: .utf8)
            try age.write(toFile: dir + "/age.csv", atomically: true, encoding: .utf8)
            let fromDirectory = Result { () throws(ReleaseDirectory.ReadError) in try ReleaseDirectory.read(dir) }
            let fromTexts = Result { () throws(ReleaseDirectory.ReadError) in try ReleaseDirectory.read(manifest: manifest, tables: [("age", age)], origin: dir) }
            switch (fromDirectory, fromTexts) {
            case (.success(let a), .success(let b)): #expect(a.release == b.release && a.manifest == b.manifest)
            case (.failure(let a), .failure(let b)): #expect(a == b)
            default: Issue.record("the directory and its texts read differently: \(fromDirectory) / \(fromTexts)")
            }
        }
    }

    /// Folders 0700, entries 0600; the lock file 0600.
    @Test func theLedgerIsPrivate() throws {
        let ledger = ReleaseLedger(directory: temporaryDirectory() + "/state/cinx/ledger")
        let (entry, _) = try Self.record(in: ledger)
        #expect(Self.mode(ledger.directory) == 0o700)
        #expect(Self.mode(ledger.directory + "/entries") == 0o700)
        #expect(Self.mode(entry.file) == 0o600)
        #expect(Self.mode(ledger.directory + "/lock") == 0o600)
        // Made with the folder: its new parents too.
        #expect(Self.mode((ledger.directory as NSString).deletingLastPathComponent) == 0o700)
    }

    /// The releases of one extract and year: the same set of input digests, whatever their order.
    @Test func entriesOfOneExtractAndYear() throws {
        let ledger = ReleaseLedger(directory: temporaryDirectory())
        let (first, _) = try Self.record(in: ledger)
        let (second, _) = try Self.record(in: ledger)
        let key = first.inputs
        #expect(Set(try ledger.entries(inputs: key, year: 2017).map(\.id)) == [first.id, second.id])
        #expect(try ledger.entries(inputs: key + key, year: 2017).count == 2)
        #expect(try ledger.entries(inputs: key, year: 2018).isEmpty)
        #expect(try ledger.entries(inputs: [String(repeating: "0", count: 64)], year: 2017).isEmpty)
        // A session reads the same, holding the lock.
        let session = try ledger.openForWriting()
        #expect(try session.entries(inputs: key, year: 2017).count == 2)
        session.close()
    }

    /// Forget removes one entry; an id is found by a unique prefix of four or more digits.
    @Test func forgetAndLookUp() throws {
        let ledger = ReleaseLedger(directory: temporaryDirectory())
        let (a, _) = try Self.record(in: ledger)
        let (b, _) = try Self.record(in: ledger)
        #expect(try ledger.entry(String(a.id.prefix(max(4, a.id.commonPrefix(with: b.id).count + 1)))).id == a.id)
        #expect(Self.failure { _ = try ledger.entry("abc") }?.kind == .noSuchEntry)
        #expect(Self.failure { _ = try ledger.entry("000000000000") }?.kind == .noSuchEntry)
        try ledger.forget(a.id)
        #expect(try ledger.entries().map(\.id) == [b.id])
        #expect(!FileManager.default.fileExists(atPath: a.file))
        #expect(Self.failure { try ledger.forget(a.id) }?.kind == .noSuchEntry)
    }

    /// Two writers at once, each taking the lock for every append: all 40 entries there, each whole.
    @Test func twoWritersAtOnceLoseNothing() async throws {
        let ledger = ReleaseLedger(directory: temporaryDirectory())
        let ids = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<2 {
                group.addTask {
                    var ids: [String] = []
                    for _ in 0..<20 { ids.append(try Self.record(in: ledger).0.id) }
                    return ids
                }
            }
            var all: [String] = []
            for try await ids in group { all += ids }
            return all
        }
        #expect(Set(ids).count == 40)
        let entries = try ledger.entries()
        #expect(Set(entries.map(\.id)) == Set(ids))
        for e in entries { #expect(try e.contents().release.tables.count == 6) }
    }

    /// A writer killed mid-entry leaves only its temporary file: readers do not take it for an entry,
    /// and the next writer removes it.
    @Test func aKilledWritersTemporaryFileIsNoEntry() throws {
        let ledger = ReleaseLedger(directory: temporaryDirectory())
        let (whole, _) = try Self.record(in: ledger)
        let text = try String(contentsOfFile: whole.file, encoding: .utf8)
        let leftover = ledger.directory + "/entries/.0123456789ab.tmp-Xy12Zq"
        try String(text.prefix(text.count / 2)).write(toFile: leftover, atomically: false, encoding: .utf8)
        #expect(try ledger.entries().map(\.id) == [whole.id])
        _ = try Self.record(in: ledger)
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(try ledger.entries().count == 2)
    }

    /// Damage of every kind fails the reading, naming the file: never a ledger read without it.
    @Test func aDamagedEntryIsAnErrorNamingIt() throws {
        let ledger = ReleaseLedger(directory: temporaryDirectory())
        let (entry, _) = try Self.record(in: ledger)
        let original = try String(contentsOfFile: entry.file, encoding: .utf8)
        func damaged(_ text: String) -> LedgerError? {
            try? text.write(toFile: entry.file, atomically: false, encoding: .utf8)
            defer { try? original.write(toFile: entry.file, atomically: false, encoding: .utf8) }
            return Self.failure { _ = try ledger.entries() }
        }
        // Cut short (a crash of something other than cinx, a full disk), a count changed, the id changed.
        let cut = try #require(damaged(String(original.prefix(original.count / 2))))
        #expect(cut.kind == .damaged && cut.path == entry.file && cut.reason.hasPrefix("not a whole ledger entry"), "\(cut)")
        #expect(cut.description.hasPrefix("ledger entry \(entry.file) is damaged"))
        let csv = try #require(entry.tables.first?.csv)
        let edited = csv.replacingOccurrences(of: ",1", with: ",2")
        #expect(edited != csv)
        let changed = try #require(damaged(original.replacingOccurrences(of: try Self.jsonLiteral(csv), with: try Self.jsonLiteral(edited))))
        #expect(changed.kind == .damaged && changed.path == entry.file && changed.reason.contains("does not match its SHA-256"), "\(changed)")
        let renamed = try #require(damaged(original.replacingOccurrences(of: "\"id\" : \"\(entry.id)\"", with: "\"id\" : \"ffffffffffff\"")))
        #expect(renamed.kind == .damaged && renamed.reason.contains("the file is named \(entry.id).json"), "\(renamed)")
        #expect(damaged("")?.kind == .damaged)
        // A stray file among the entries is named too, not skipped.
        let stray = ledger.directory + "/entries/notes.txt"
        try "x".write(toFile: stray, atomically: false, encoding: .utf8)
        let strayError = Self.failure { _ = try ledger.entries() }
        #expect(strayError?.kind == .damaged && strayError?.path == stray)
        try FileManager.default.removeItem(atPath: stray)
        #expect(try ledger.entries().map(\.id) == [entry.id])
    }

    /// A ledger that cannot be written refuses the record with `.unwritable`, and nothing is added.
    @Test func aReadOnlyLedgerRefusesBeforeAnythingIsWritten() throws {
        let ledger = ReleaseLedger(directory: temporaryDirectory())
        let (first, _) = try Self.record(in: ledger)
        try ReadOnlyFolder.make(ledger.directory + "/entries")
        defer { ReadOnlyFolder.undo(ledger.directory + "/entries") }
        var (release, manifest) = Self.release()
        let error = Self.failure { _ = try LedgerRecording.record(&manifest, tables: LedgerRecording.tables(release), choice: .at(ledger)) }
        #expect(error?.kind == .unwritable && error?.path == ledger.directory, "\(String(describing: error))")
        #expect(try ledger.entries().map(\.id) == [first.id])
        #expect(try FileManager.default.contentsOfDirectory(atPath: ledger.directory + "/entries") == [first.id + ".json"])
    }

    /// What is not recorded, and release.json's word on it: suppression off (not for publication), the
    /// user's opt-out, an input with no digest.
    @Test func releasesNotRecordedSaySo() throws {
        let ledger = ReleaseLedger(directory: temporaryDirectory())
        var (release, manifest) = Self.release(threshold: 0)
        let off = try LedgerRecording.record(&manifest, tables: LedgerRecording.tables(release), choice: .at(ledger))
        #expect(off.entry == nil && off.warning == nil && manifest.ledger?.recorded == false)
        (release, manifest) = Self.release()
        let optedOut = try LedgerRecording.record(&manifest, tables: LedgerRecording.tables(release), choice: .optedOut)
        #expect(optedOut.entry == nil && optedOut.warning?.contains("--no-ledger") == true && manifest.ledger == .notRecorded("--no-ledger"))
        (release, manifest) = Self.release()
        manifest.inputs[0].sha256 = "not computed: read from standard input"
        let piped = try LedgerRecording.record(&manifest, tables: LedgerRecording.tables(release), choice: .at(ledger))
        #expect(piped.entry == nil && piped.warning != nil && manifest.ledger?.recorded == false)
        #expect(try ledger.entries().isEmpty)
        // release.json says it in so many words.
        #expect(manifest.json().contains("\"recorded\" : false"))
    }

    /// A release that could not be written takes its entry back.
    @Test func undoRemovesTheEntry() throws {
        let ledger = ReleaseLedger(directory: temporaryDirectory())
        var (release, manifest) = Self.release()
        let recording = try LedgerRecording.record(&manifest, tables: LedgerRecording.tables(release), choice: .at(ledger))
        #expect(try ledger.entries().count == 1)
        recording.undo()
        #expect(try ledger.entries().isEmpty)
    }

    /// A caller holding the ledger (reading earlier releases, then recording) undoes in its own session:
    /// a session of undo's own would wait for the caller's lock for ever.
    @Test func undoInTheCallersSessionDoesNotWaitForIt() throws {
        let ledger = ReleaseLedger(directory: temporaryDirectory())
        let session = try ledger.openForWriting()
        var (release, manifest) = Self.release()
        let recording = try LedgerRecording.record(&manifest, tables: LedgerRecording.tables(release), choice: .at(ledger), session: session)
        #expect(try session.entries().count == 1)
        recording.undo()
        #expect(try session.entries().isEmpty)
        session.close()
        #expect(!session.isOpen)
    }

    /// The location: `--ledger`, else CINX_LEDGER, else XDG_STATE_HOME (absolute only), else HOME.
    @Test func theLocationFollowsOptionVariableAndXDG() {
        let env = ["CINX_LEDGER": "/team/ledger", "XDG_STATE_HOME": "/x/state", "HOME": "/home/a"]
        #expect(LedgerLocation.directory(option: "/mine", environment: env) == "/mine")
        #expect(LedgerLocation.directory(option: nil, environment: env) == "/team/ledger")
        #expect(LedgerLocation.directory(option: nil, environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/home/a"]) == "/x/state/cinx/ledger")
        #expect(LedgerLocation.directory(option: nil, environment: ["XDG_STATE_HOME": "relative", "HOME": "/home/a"]) == "/home/a/.local/state/cinx/ledger")
        #expect(LedgerLocation.directory(option: nil, environment: [:]) == nil)
    }

    static func jsonLiteral(_ s: String) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: s, options: [.fragmentsAllowed, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
