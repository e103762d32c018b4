import ArgumentParser
import CINLoading
import CINModel
import Foundation

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print what loaded and every data-quality problem.",
        // ArgumentParser's usage line lists every option and does not wrap: this one fits 80 columns.
        usage: "cinx validate [<options>] <files> ...",
        discussion: """
        The data owner's view: every count in full, small ones too, so it is not for publication (it says so \
        in its first line, and in --format json as "notForPublication": true). Exit status: 0 clean, 1 problems \
        found but data loaded, 2 nothing usable loaded.
        """)

    @Argument(help: "CIN census XML returns and/or liiatools flat CSV files (gzipped or not); - reads standard input.",
              completion: InputFiles.completion)
    var files: [String]

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(parsing: .unconditional, help: ArgumentHelp("Problems to list in text output.", valueName: "n"))
    var maxProblems = 20

    @Flag(help: "Print load time and peak memory.")
    var stats = false

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func validate() throws {
        guard maxProblems >= 0 else { throw ValidationError("--max-problems must be 0 or more") }
        try InputFiles.check(files)
    }

    func run() throws {
        let clock = LoadClock()
        // Running out of memory while loading ends with one line naming the file (exit 2).
        let result = OutOfMemoryGuard.during(files: files.map(CensusLoader.displayName), clearLine: false) { reading in
            CensusLoader.load(paths: files) { index, _, _ in reading(index) }
        }
        let summary = LoadSummary(result.data)
        // A file that could not be read at all: one clear line on stderr, whatever the format.
        for f in result.report.failedFiles {
            if let p = result.report.problems.first(where: { $0.file == f }) { CLIOutput.error(p.formatted) }
        }
        let elapsed = clock.elapsed
        switch format {
        case .json:
            print(ValidationJSON.render(summary: summary, result: result))
        case .text:
            print(ValidationText.render(summary: summary, result: result, maxProblems: maxProblems))
        }
        if stats {
            FileHandle.standardError.write(Data("load: \(String(format: "%.3f", elapsed)) s wall, \(String(format: "%.3f", clock.cpuSeconds)) s CPU, peak RSS \(PhaseTiming.peakResidentMegabytes()) MB\n".utf8))
        }
        throw ExitCode(Int32(ValidationText.exitStatus(result)))
    }
}
