import ArgumentParser
import CINLoading
import CINModel
import Foundation

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic extract of fictional children (XML or flat CSV).",
        // ArgumentParser's usage line lists every option and does not wrap: this one fits 80 columns.
        usage: "cinx generate --out <directory> [<options>]",
        discussion: "The same --children and --seed give the same bytes.")

    @Option(parsing: .unconditional, help: "Number of children.") var children = 14_000
    @Option(parsing: .unconditional, help: "Random seed.") var seed: UInt64 = 2017
    @Option(help: "xml (one return per year) or csv (one stacked liiatools flat file).") var format: FormatOption = .xml
    @Option(help: "Output directory (created if missing).") var out: String
    @Flag(help: "gzip the files.") var gzip = false
    @Option(help: "File name stem: NAME-YEAR.xml (NAME-CODE-YEAR.xml for several authorities) or NAME-flat.csv.") var name = "cin"
    @Option(parsing: .unconditional, help: "First collection year.") var firstYear = 2015
    @Option(parsing: .unconditional, help: "Last collection year.") var lastYear = 2020
    @Option(parsing: .unconditional, help: "Fictional authorities sharing --children, with overlapping LAchildIDs (1: one authority, code 999).")
    var authorities = 1
    @Flag(help: "Overwrite existing files of the same names.") var force = false
    @Flag(inversion: .prefixedNo, help: "Inject the deliberate data-quality faults (docs/demo-data.md); --no-faults gives returns that pass their schema.")
    var faults = true

    enum FormatOption: String, ExpressibleByArgument { case xml, csv }

    func validate() throws {
        guard children > 0 && children <= 5_000_000 else { throw ValidationError("--children must be 1...5000000") }
        guard authorities >= 1 && authorities <= GeneratedAuthority.maximumPool else {
            throw ValidationError("--authorities must be 1...\(GeneratedAuthority.maximumPool)")
        }
        guard !name.isEmpty, !name.contains("/") else { throw ValidationError("--name must be a file name stem, without /") }
        guard children >= authorities else { throw ValidationError("--children must be at least --authorities") }
        guard firstYear <= lastYear, firstYear >= 2000, lastYear <= 2035 else { throw ValidationError("years must be 2000...2035, first <= last") }
    }

    func run() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { CLIOutput.error("--out \(out) is a file, not a directory; give a directory"); throw ExitCode(2) }
        } else {
            if let reason = Self.makeDirectories(out) {
                CLIOutput.error("cannot create the directory \(out): \(reason)"); throw ExitCode(2)
            }
        }
        let extracts = SyntheticExtract.pooled(authorities: authorities, children: children, seed: seed,
                                               firstYear: firstYear, lastYear: lastYear, faults: faults)
        let kind: ExtractWriter.Format = format == .xml ? .xml : .csv
        // A generated extract replaces nothing by accident: real returns may sit in the same folder.
        let existing = ExtractWriter.paths(pooled: extracts, format: kind, directory: out, gzip: gzip, baseName: name)
            .filter { FileManager.default.fileExists(atPath: $0) }
        if let first = existing.first, !force {
            let more = existing.count > 1 ? " and \(existing.count - 1) more files exist" : " exists"
            CLIOutput.error("\(first)\(more); nothing written (--force overwrites, or give another --out or --name)")
            throw ExitCode(2)
        }
        do {
            let paths = try ExtractWriter.write(pooled: extracts, format: kind, directory: out, gzip: gzip, baseName: name)
            for p in paths { print(p) }
        } catch {
            CLIOutput.error(error.description)
            throw ExitCode(2)
        }
    }

    /// `mkdir -p`: nil when done, else the system's reason in words (Foundation's error would print
    /// its domain, code and user info).
    static func makeDirectories(_ path: String) -> String? {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { return String(cString: strerror(errno)) }
        }
        return nil
    }
}
