import CohortEngine
import CSV
import Foundation

/// Reads a release directory back as a reader of it would see it: the tables' CSV files (any
/// subset of cinx's, whether written by cinx or edited by hand) and `release.json` if present.
public enum ReleaseDirectory {
    public struct ReadError: Error, Equatable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot audit \(path): \(reason)" }
    }

    /// The tables `cinx report --table all` writes, in its order.
    public static let standardTables = ReportTables.allTableNames

    public struct Contents {
        public var release: PublishedRelease
        public var manifest: ReleaseManifest?
        /// Notes for the reader of the audit (what was assumed).
        public var notes: [String]
    }

    /// A release directory as its files are on disk: `release.json` if present and every `.csv` in it.
    public static func read(_ directory: String) throws(ReadError) -> Contents {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw ReadError(path: directory, reason: "not a directory")
        }
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else { throw ReadError(path: directory, reason: "cannot list it") }
        var manifest: Data?
        if names.contains(ReleaseManifest.fileName) {
            let path = directory + "/" + ReleaseManifest.fileName
            guard let data = fm.contents(atPath: path) else { throw ReadError(path: path, reason: "unreadable") }
            manifest = data
        }
        // Read in the order they are parsed, so that the first unreadable one is the one named.
        let ordered = tableOrder(names.filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) })
        var tables: [(name: String, text: String)] = []
        for name in ordered {
            let path = "\(directory)/\(name).csv"
            guard let data = fm.contents(atPath: path) else { throw ReadError(path: path, reason: "unreadable") }
            tables.append((name, String(decoding: data, as: UTF8.self)))
        }
        return try read(manifestBytes: manifest, tables: tables, origin: directory)
    }

    /// A release held as texts (a ledger entry's): `release.json`'s text if there is one, and each table's
    /// CSV text by name (`summary`, not `summary.csv`). It accepts exactly what `read(_:)` accepts from a
    /// directory holding those files; errors name `origin/FILE` as they would name the file in it.
    public static func read(manifest manifestText: String?, tables texts: [(name: String, text: String)],
                            origin: String) throws(ReadError) -> Contents {
        try read(manifestBytes: manifestText.map { Data($0.utf8) }, tables: texts, origin: origin)
    }

    /// The one reading of a release's texts. The manifest stays bytes: the JSON decoder reads them as a
    /// file's bytes (its own encoding detection included), and only the rules' line numbers use the text.
    static func read(manifestBytes: Data?, tables texts: [(name: String, text: String)],
                     origin: String) throws(ReadError) -> Contents {
        var notes: [String] = []
        var manifest: ReleaseManifest?
        // With release.json, its cohorts: each rule read (the model needs them) and the rows every table must hold.
        var listed: (ids: [String], rules: [String: CohortExpression])?
        if let manifestBytes {
            let path = origin + "/" + ReleaseManifest.fileName
            do { manifest = try JSONDecoder().decode(ReleaseManifest.self, from: manifestBytes) } catch {
                throw ReadError(path: path, reason: "not a cinx release manifest (\(error.localizedDescription))")
            }
            if let m = manifest { listed = try cohortRules(of: m, text: String(decoding: manifestBytes, as: UTF8.self), path: path) }
        }
        let byName = Dictionary(texts.map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })
        let ordered = tableOrder(texts.map(\.name))
        guard !ordered.isEmpty else { throw ReadError(path: origin, reason: "no .csv tables in it") }
        var tables: [PublishedRelease.Table] = []
        var labels: [String: String] = [:]
        for name in ordered {
            let path = "\(origin)/\(name).csv"
            let text = byName[name] ?? ""
            let (table, tableLabels) = try parse(text, name: name, path: path, cohorts: listed?.ids)
            if let listed, let missing = listed.ids.first(where: { !table.rowIDs.contains($0) }) {
                throw ReadError(path: path, reason: "no row for cohort \(printable(missing)), which \(ReleaseManifest.fileName) lists")
            }
            tables.append(table)
            labels.merge(tableLabels) { a, _ in a }
        }
        let ids = tables.flatMap(\.rowIDs).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        var cohorts: [(id: String, rule: CohortExpression?)]
        var filter = Filter.none
        var hiddenMinimum = 1
        if let m = manifest, let listed {
            cohorts = ids.map { id in (id, listed.rules[id]) }
            if let f = m.filter.filter { filter = f } else { notes.append("release.json's filter names something unknown: modelled without it") }
            hiddenMinimum = m.suppression.hiddenMinimum
        } else {
            cohorts = PublishedRelease.knownRules(ids: ids, labels: labels)
        }
        for c in cohorts where c.rule == nil {
            notes.append("cohort \(c.id): its rule is not known, so it is modelled as unrelated to the other cohorts")
        }
        // Withheld rows publish nothing (every cell `c`, zeros too): they are not part of what a reader holds.
        let withheld = Set(manifest?.suppression.withheldCohorts ?? [])
        if !withheld.isEmpty { tables = tables.map { ReleaseCheck.dropping(rows: withheld, from: $0) } }
        let release = PublishedRelease(tables: tables, population: .notPublished, cohorts: cohorts.filter { !withheld.contains($0.id) },
                                       filter: filter, hiddenMinimum: hiddenMinimum)
        return Contents(release: release, manifest: manifest, notes: notes)
    }

    /// Table names in the order they are read: cinx's standard tables in `--table all`'s order, then any other by name.
    static func tableOrder(_ names: [String]) -> [String] {
        standardTables.filter { names.contains($0) } + Set(names).filter { !standardTables.contains($0) }.sorted()
    }

    /// One table: header `cohort,...` (the summary: `cohort,label,children,percent`), then a row per
    /// cohort whose cells are whole numbers or `c` (RFC 4180: CRLF or LF, fields quoted or not).
    /// A cohort's second row, or (given `cohorts`, release.json's) a cohort it does not list, is an
    /// error on that line: either would be modelled as a cohort of its own, related to nothing, and
    /// the audit would pass what a reader can narrow.
    static func parse(_ text: String, name: String, path: String,
                      cohorts: [String]? = nil) throws(ReadError) -> (PublishedRelease.Table, [String: String]) {
        let reader: CSVReader
        do { reader = try CSVReader(string: text, hasHeaderRow: true) } catch {
            throw ReadError(path: path, reason: "not CSV (\(error))")
        }
        guard let header = reader.headerRow, header.first == "cohort", header.count >= 2 else {
            throw ReadError(path: path, reason: "the first line must be a header starting with `cohort`")
        }
        let isSummary = ReportTable(name: name) == .summary
        if isSummary && header != ["cohort", "label", "children", "percent"] {
            throw ReadError(path: path, reason: "a summary's header is cohort,label,children,percent")
        }
        let columns = isSummary ? ["children"] : Array(header.dropFirst())
        var ids: [String] = [], cells: [[Int?]] = [], percents: [Double?] = []
        var labels: [String: String] = [:]
        var firstLine: [String: Int] = [:]
        var line = 1
        while let row = reader.next() {
            line += 1
            if row.count == 1 && row[0].isEmpty { continue }
            guard row.count == header.count else {
                throw ReadError(path: path, reason: "line \(line) has \(row.count) fields, the header \(header.count)")
            }
            if let first = firstLine[row[0]] {
                throw ReadError(path: path, reason: "line \(line): a second row for cohort \(printable(row[0])) (the first is on line \(first))")
            }
            if let cohorts, !cohorts.contains(row[0]) {
                throw ReadError(path: path, reason: "line \(line): cohort \(printable(row[0])) is not one \(ReleaseManifest.fileName) lists (\(printable(cohorts.joined(separator: ", "))))")
            }
            firstLine[row[0]] = line
            ids.append(row[0])
            func count(_ s: String) throws(ReadError) -> Int? {
                let t = s.trimmingCharacters(in: .whitespaces)
                if t == Publication.Cell.hiddenMark { return nil }
                guard let n = Int(t), n >= 0 else { throw ReadError(path: path, reason: "line \(line): '\(printable(s))' is neither a count nor c") }
                return n
            }
            if isSummary {
                labels[row[0]] = row[1]
                cells.append([try count(row[2])])
                let p = row[3].trimmingCharacters(in: .whitespaces)
                percents.append(p == Publication.Cell.hiddenMark ? nil : Double(p))
            } else {
                var r: [Int?] = []
                for f in row.dropFirst() { r.append(try count(f)) }
                cells.append(r)
            }
        }
        guard !ids.isEmpty else { throw ReadError(path: path, reason: "no rows") }
        return (PublishedRelease.Table(name: name, columns: columns, rowIDs: ids, cells: cells, percents: percents), labels)
    }
}
