import ArgumentParser
import CINLoading
import CINModel
import Foundation

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a deterministic synthetic extract (fictional children) as XML returns or a flat CSV.",
        discussion: "The same --children and --seed give the same bytes.")

    @Option(help: "Number of children.") var children = 14_000
    @Option(help: "Random seed.") var seed: UInt64 = 2017
    @Option(help: "xml (one return per year) or csv (one stacked liiatools flat file).") var format: FormatOption = .xml
    @Option(help: "Output directory (created if missing).") var out: String
    @Flag(help: "gzip the files.") var gzip = false
    @Option(help: "File name stem: NAME-YEAR.xml (NAME-CODE-YEAR.xml for several authorities) or NAME-flat.csv.") var name = "cin"
    @Option(help: "First collection year.") var firstYear = 2015
    @Option(help: "Last collection year.") var lastYear = 2020
    @Option(help: "Fictional authorities sharing --children, with overlapping LAchildIDs (1: one authority, code 999, as before).")
    var authorities = 1
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
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let extracts = SyntheticExtract.pooled(authorities: authorities, children: children, seed: seed,
                                               firstYear: firstYear, lastYear: lastYear, faults: faults)
        do {
            let paths = try ExtractWriter.write(pooled: extracts, format: format == .xml ? .xml : .csv, directory: out, gzip: gzip, baseName: name)
            for p in paths { print(p) }
        } catch {
            FileHandle.standardError.write(Data("cinx: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }
}
