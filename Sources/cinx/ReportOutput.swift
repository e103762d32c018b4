import ArgumentParser

/// Where `cinx report` writes, checked before anything loads: a file named for one format written in
/// another (`--format xlsx --out answer.csv`) would be opened by the wrong program or mislead whoever
/// receives it, and several CSV tables on stdout run together into one unreadable stream.
enum ReportOutput {
    /// The extensions that name each format.
    static func extensions(_ format: Report.ReportFormat) -> [String] {
        switch format {
        case .csv: return ["csv"]
        case .markdown: return ["md", "markdown"]
        case .json: return ["json"]
        case .xlsx: return ["xlsx"]
        }
    }

    static func what(_ format: Report.ReportFormat) -> String {
        switch format {
        case .csv: return "CSV"
        case .markdown: return "Markdown"
        case .json: return "JSON"
        case .xlsx: return "a workbook"
        }
    }

    /// `--out -`: standard output, as most Unix tools spell it (`cinx report x.csv --table age --out - | ...`).
    static let standardOutput = "-"

    /// - Parameter several: the tables of `--table all`.
    static func check(out: String?, format: Report.ReportFormat, several: Bool) throws {
        let directory = several && format == .csv
        if out == standardOutput {
            // Only what is one stream of text goes to standard output: a workbook is binary and a
            // directory of CSV tables is several files, neither of which a pipe can carry.
            if format == .xlsx {
                throw ValidationError("--out - writes to standard output, but --format xlsx writes a binary workbook: give --out FILE.xlsx, or --format csv, markdown or json")
            }
            if directory {
                throw ValidationError("--out - writes one table to standard output, but --table all --format csv writes several tables: give one table (--table summary), or --format markdown or json (all tables in one document), or --out DIR")
            }
            return
        }
        guard let out else {
            if directory {
                throw ValidationError("--table all writes six CSV tables: give --out DIR (a directory, with release.json and README.md), or one table (--table summary), or --format xlsx --out answer.xlsx")
            }
            if format == .xlsx { throw ValidationError("--format xlsx writes a file: give --out FILE.xlsx") }
            return
        }
        let name = out.split(separator: "/").last.map(String.init) ?? out
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return }
        let ext = name[name.index(after: dot)...].lowercased()
        guard let named = Report.ReportFormat.allCases.first(where: { extensions($0).contains(ext) }) else { return }
        let stem = String(out.dropLast(ext.count + 1))
        if directory {
            let alternative = named == .csv ? "one table (--table summary --out \(out))" : "--format \(named.rawValue) for \(what(named)) in one file"
            throw ValidationError("--table all --format csv writes a directory of tables, and --out \(out) names a .\(ext) file: give --out \(stem) (a directory), or \(alternative)")
        }
        if named != format {
            throw ValidationError("--out \(out) names a .\(ext) file but --format \(format.rawValue) writes \(what(format)): give --out \(stem).\(extensions(format)[0]), or --format \(named.rawValue)")
        }
    }
}
