import CINLoading
import CINModel
import CohortEngine
import Foundation

/// `release.json`: what made a release and how it was protected, so that `cinx audit` models it as
/// an attacker would (the cohort rules and the filter are public knowledge) and a reader can trace it.
public struct ReleaseManifest: Codable, Equatable, Sendable {
    public struct Cohort: Codable, Equatable, Sendable {
        public var id: String
        public var label: String
        public var rule: String
    }
    public struct FilterSpec: Codable, Equatable, Sendable {
        public var require: [String]
        public var exclude: [String]
        public var inCohort: [String]
        /// `dimension=value`, as `--where` takes it.
        public var `where`: [String]
    }
    public struct Protection: Codable, Equatable, Sendable {
        /// Counts 1..threshold are hidden; 0: no suppression (not for publication).
        public var threshold: Int
        /// Every hidden cell's feasible range spans at least protection + 1 values.
        public var protection: Int
        /// The least value a hidden cell may have (0 when a filtered release hides a zero).
        public var hiddenMinimum: Int
        /// Custom cohorts whose rows are withheld whole (every cell `c`, zeros too) because their protection
        /// was not proven within its budget of work: they publish nothing (absent when there are none).
        public var withheldCohorts: [String]?
        /// Of `withheldCohorts`, those withheld because the wall-clock safety stop fired before the work budget was
        /// spent (a machine far slower than any cinx is measured on): which cohorts that withholds is not
        /// repeatable on another machine (absent when there are none; docs/privacy.md).
        public var withheldAtWallClockStop: [String]? = nil
        // Nothing about the hidden cells' values: how many are primary (so 1 to N) or what they add up
        // to would be a relation a reader could use against them.
    }
    public struct Audit: Codable, Equatable, Sendable {
        public var clean: Bool
        public var hiddenCells: Int
        /// The narrowest range an attacker can reach (max - min), nil when every range is unbounded.
        public var narrowestRange: Int?
    }

    /// The follow-up window runs past the last return loaded (`FollowUpShortfall`): the follow-up's counts are incomplete.
    public struct FollowUpPastLastReturn: Codable, Equatable, Sendable {
        public var lastReturnYear: Int
        /// The last day the window reaches, `YYYY-03-31`.
        public var windowEnds: String
        /// The warning in words, as stderr and the workbook's notes give it.
        public var note: String
        public init(_ s: FollowUpShortfall) { lastReturnYear = s.lastReturnYear; windowEnds = s.windowEnds; note = s.sentence }
    }

    public struct Input: Codable, Equatable, Sendable {
        /// As given on the command line; `stdin` for `-`.
        public var path: String
        public var bytes: Int
        /// Hex SHA-256 of the file's bytes as stored (compressed for gzip).
        public var sha256: String
    }
    /// A count as a release prints it: the number, or `c` when it is from 1 to the threshold.
    public enum PublishedCount: Codable, Equatable, Sendable, CustomStringConvertible {
        case shown(Int)
        case hidden

        public init(_ n: Int, threshold: Int) { self = Publication.isSmall(n, threshold: threshold) ? .hidden : .shown(n) }
        public var description: String { if case .shown(let n) = self { return String(n) }; return Publication.Cell.hiddenMark }

        public init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Int.self) { self = .shown(n) } else { _ = try c.decode(String.self); self = .hidden }
        }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self { case .shown(let n): try c.encode(n); case .hidden: try c.encode(Publication.Cell.hiddenMark) }
        }
    }

    public var generator: String
    /// cinx's version.
    public var version: String
    public var definitions: String
    public var commandLine: [String]
    public var year: Int
    public var followUpYears: Int
    public var needEpisode: String
    /// The documented choices read other than cinx's default, by option name without `--` (`code-21`:
    /// `ignored`); absent when every one is cinx's (the need episode has its own field). Releases of
    /// different readings are of different numbers: audit and the ledger never read them as one.
    public var readings: [String: String]?
    /// Absent when the window ends inside the returns.
    public var followUpPastLastReturn: FollowUpPastLastReturn?
    public var tables: [String]
    public var cohorts: [Cohort]
    public var filter: FilterSpec
    public var suppression: Protection
    public var audit: Audit?
    public var written: String
    public var inputs: [Input]
    public var loaded: Loaded?
    /// Whether the release is recorded in a release ledger, and as which entry (absent from releases
    /// written where no ledger applies: before the ledger existed, or by a caller that names none).
    public var ledger: LedgerRecord?

    public static let fileName = "release.json"
    public static let generatorName = "cinx"
    /// The version written into every release.
    public static let cinxVersion = "0.5.0"

    public init(engine: CohortEngine, release: ProtectedRelease, filter: Filter, audit: DisclosureAuditResult?,
                commandLine: [String], inputs: [String] = [], digests: InputDigests? = nil, loadReport: LoadReport? = nil,
                written: Date = Date()) {
        generator = ReleaseManifest.generatorName
        version = ReleaseManifest.cinxVersion
        definitions = ReportTables.definitionsVersion
        self.commandLine = commandLine
        year = engine.settings.year
        followUpYears = engine.settings.followUpYears
        needEpisode = engine.settings.needEpisode.rawValue
        let other = engine.settings.otherReadings
        readings = other.isEmpty ? nil : Dictionary(uniqueKeysWithValues: other.map { ($0.choice.rawValue, $0.reading) })
        followUpPastLastReturn = engine.followUpShortfall.map(FollowUpPastLastReturn.init)
        tables = release.tables.map(\.table.name)
        cohorts = engine.cohorts.map { Cohort(id: $0.id, label: $0.label, rule: $0.expression.description) }
        self.filter = FilterSpec(filter)
        suppression = Protection(threshold: release.threshold, protection: release.protection, hiddenMinimum: release.hiddenMinimum,
                                 withheldCohorts: release.withheldCohorts.isEmpty ? nil : release.withheldCohorts,
                                 withheldAtWallClockStop: release.withheldByClock.isEmpty ? nil : release.withheldByClock)
        self.audit = audit.map { a in
            Audit(clean: a.isClean, hiddenCells: a.ranges.count, narrowestRange: a.ranges.compactMap(\.width).min())
        }
        let f = ISO8601DateFormatter()
        self.written = f.string(from: written)
        self.inputs = inputs.map { ReleaseManifest.input($0, digests: digests) }
        self.loaded = loadReport.map { Loaded($0, data: engine.data, threshold: release.threshold) }
    }

    /// One input as the manifest names it: its path, size and SHA-256 (from `digests` when it was hashed
    /// while loading), or why there is no SHA-256.
    public static func input(_ path: String, digests: InputDigests?) -> Input {
        // Standard input was consumed by the load and cannot be read again to hash it: the
        // manifest says so rather than giving the digest of the empty rest of a pipe.
        if path == CensusLoader.standardInput {
            return Input(path: CensusLoader.displayName(path), bytes: 0, sha256: "not computed: read from standard input")
        }
        var digest = digests?.digest(of: path) ?? ""
        // A pipe (`<(zcat x)`, `/dev/stdin` from a pipe, a named FIFO) was drained by the load: hashed
        // now it would give the SHA-256 of no bytes as if it were the input's, or wait for a writer.
        var info = stat()
        if digest.isEmpty && stat(path, &info) == 0 && ((info.st_mode & S_IFMT) == S_IFIFO || (info.st_mode & S_IFMT) == S_IFSOCK) {
            return Input(path: path, bytes: 0, sha256: "not computed: read from a pipe")
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if digest.isEmpty {
            do throws(FileDigest.Failure) { digest = try FileDigest.sha256(path: path) } catch { digest = "unreadable: \(error.reason)" }
        }
        return Input(path: path, bytes: bytes, sha256: digest)
    }

    /// README.md of a release: a line on each file and the command that writes it again.
    public func readme(files: [String]) -> String {
        var lines = ["# cinx release", "",
                     "Written \(written) by cinx \(version) (definitions `\(definitions)`, docs/definitions.md), reporting year \(year - 1)-\(String(year).suffix(2)), follow-up \(followUpYears) year(s), need episode `\(needEpisode)`"
                        + (readingsText.map { ", read other than cinx's default: \($0)." } ?? "."),
                     "", "| file | what it holds |", "|---|---|"]
        if let past = followUpPastLastReturn { lines.insert(contentsOf: ["", "**Warning:** \(past.note)."], at: 3) }
        for f in files {
            let name = (f as NSString).deletingPathExtension
            let what: String
            switch ReportTable(name: name) {
            case .summary?:
                let filtered = !(filter.require.isEmpty && filter.exclude.isEmpty && filter.inCohort.isEmpty && filter.where.isEmpty)
                what = "children per cohort and their share of " + (filtered ? "the children selected" : "the population")
            case .dimension(.ageBand)?: what = "cohorts by age band at the first assessment"
            case .dimension(.ethnicity)?: what = "cohorts by ethnicity (the 20 DfE codes)"
            case .dimension(.ethnicGroup)?: what = "cohorts by ethnic group"
            case .dimension(.maltreatment)?: what = "cohorts by maltreatment factor on the first assessment (All = cohort size)"
            case .dimension(.need)?: what = "cohorts by primary need on the first episode of need in the follow-up"
            default:
                switch name {
                case (ReleaseManifest.fileName as NSString).deletingPathExtension:
                    what = "how the release was made: command, options, inputs with SHA-256, load, suppression, audit"
                case "context": what = "the explorer's description of what was exported"
                default: what = "table \(name)"
                }
            }
            lines.append("| `\(f)` | \(what) |")
        }
        lines += ["", "Counts from 1 to \(suppression.threshold) are shown as `c`, and other cells are hidden to protect them (docs/privacy.md); the disclosure audit was \(audit.map { $0.clean ? "clean" : "NOT clean" } ?? "not run (suppression off)").",
                  ] + withheldText + ["", "To write it again from the same inputs:", "", "```sh", ReleaseManifest.shellLine(commandLine), "```", ""]
        return lines.joined(separator: "\n")
    }

    /// A withheld cohort's row is `c` throughout, its zeros too, which "counts from 1 to 5" would misread.
    private var withheldText: [String] {
        guard let withheld = suppression.withheldCohorts, !withheld.isEmpty else { return [] }
        let names = withheld.map { "`\($0)`" }.joined(separator: ", ")
        return ["", "Custom cohort(s) \(names) are withheld: their protection was not proven within the work allowed, so every cell of their rows is `c`, zeros included, and says nothing of their counts (release.json: `suppression.withheldCohorts`)."]
    }

    /// The readings other than cinx's default as options, e.g. `--code-21 ignored`, in option order; nil when none.
    public var readingsText: String? {
        guard let readings, !readings.isEmpty else { return nil }
        return ReadingChoice.allCases.compactMap { c in readings[c.rawValue].map { "\(c.option) \($0)" } }.joined(separator: ", ")
    }

    /// Every choice's reading in one key (need episode, then the others): two releases are of the same
    /// numbers only when their keys are equal.
    public var readingKey: String {
        ReadingChoice.allCases.map { c in c == .needEpisode ? needEpisode : (readings?[c.rawValue] ?? c.defaultReading) }.joined(separator: " ")
    }

    /// `readingKey` of a release made with `settings`.
    public static func readingKey(of settings: AnalysisSettings) -> String {
        ReadingChoice.allCases.map { $0.reading(in: settings) }.joined(separator: " ")
    }

    /// An argument as a POSIX shell reads it back: bare when it is plain, else in single quotes.
    public static func shellQuoted(_ a: String) -> String {
        a.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+".contains($0) } ? a : "'" + a.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Arguments as one shell line, each quoted by `shellQuoted` except those at `unquoted` (a glob
    /// meant for the shell to expand).
    public static func shellLine(_ arguments: [String], unquoted: Set<Int> = []) -> String {
        arguments.enumerated().map { unquoted.contains($0.offset) ? $0.element : shellQuoted($0.element) }.joined(separator: " ")
    }

    public func json() -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let d = try? e.encode(self) else { return "{}" }
        return String(decoding: d, as: UTF8.self) + "\n"
    }
}

extension ReleaseManifest.FilterSpec {
    public init(_ f: Filter) {
        require = f.requiredFactors.codes
        exclude = f.excludedFactors.codes
        inCohort = f.cohorts
        `where` = f.dimensions.flatMap { d in
            d.values.sorted().compactMap { v in d.label(v).map { "\(d.dimension.rawValue)=\($0)" } }
        }
    }

    /// The filter again; nil when a code, dimension or value is not one cinx knows. A condition on an
    /// authority is known by its label (`valueIndex(label:)`).
    public var filter: Filter? {
        var f = Filter()
        for code in require { guard let b = AssessmentFactor.bit(code) else { return nil }; f.requiredFactors.insert(b) }
        for code in exclude { guard let b = AssessmentFactor.bit(code) else { return nil }; f.excludedFactors.insert(b) }
        f.cohorts = inCohort
        for w in `where` {
            let parts = w.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2, let d = Dimension(name: parts[0]), d.valuesFromData {
                // Values from the data (authorities) have no fixed index: each label gets one of its own, the same
                // in every release read (so that releases filtered to two authorities are read as two).
                let v = Self.valueIndex(label: parts[1])
                if let i = f.dimensions.firstIndex(where: { $0.dimension == d }) {
                    f.dimensions[i].values.insert(v); f.dimensions[i].valueLabels[v] = parts[1]
                } else {
                    f.dimensions.append(.init(dimension: d, values: [v], valueLabels: [v: parts[1]]))
                }
                continue
            }
            guard parts.count == 2, let d = Dimension(name: parts[0]), let v = d.values.firstIndex(of: parts[1]) else { return nil }
            if let i = f.dimensions.firstIndex(where: { $0.dimension == d }) { f.dimensions[i].values.insert(v) }
            else { f.dimensions.append(.init(dimension: d, values: [v])) }
        }
        return f
    }

    /// An index for a value known by its label only: FNV-1a of the label (31 bits), stable across runs.
    static func valueIndex(label: String) -> Int {
        var h: UInt32 = 2_166_136_261
        for b in label.utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
        return Int(h & 0x7fff_ffff)
    }
}
