import ArgumentParser
import CINLoading
import CINModel
import CINRelease
import CohortEngine
import CursesAdapter
import ExplorerUI
import Foundation

struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the explorer (on the bundled demo without files).",
        discussion: """
        With --keys (or --keys-file), --export or --screen it runs without a terminal: the script's commands \
        are replayed (e.g. 'drill B; by age; drill 1-4; by ethnicity'), then the view is exported and/or printed.
        """)

    @Argument(help: "CIN census XML returns and/or flat CSV files; - reads standard input (batch mode).",
              completion: InputFiles.completion)
    var files: [String] = []
    @OptionGroup var analysis: AnalysisOptions
    // Short value names, so that at 80 columns each option shares its line with its help.
    @Option(help: ArgumentHelp("Commands to replay, separated by ';' (user guide).", valueName: "script"))
    var keys: String?
    @Option(help: ArgumentHelp("A file of commands to replay, one per line.", valueName: "file"), completion: .file())
    var keysFile: String?
    @Option(help: ArgumentHelp("Export the final view (or side-by-side page) to this file (batch mode): CSV, or a workbook, JSON or Markdown by its name (.xlsx, .json, .md).", valueName: "file")) var export: String?
    @Flag(help: "Print the final screen as text (batch mode).") var screen = false
    @Option(help: ArgumentHelp("Screen size in batch mode.", valueName: "WxH")) var size = "120x40"
    @Flag(help: "Overwrite an existing --export file.") var force = false
    @OptionGroup var ledger: LedgerOptions

    func validate() throws {
        try InputFiles.check(files)
        try analysis.check()
    }

    func run() throws {
        let paths = files.isEmpty ? try DemoData.paths() : files
        let batch = keys != nil || keysFile != nil || export != nil || screen
        if !batch {
            // The full-screen explorer reads its keys from standard input, which cannot also be the data.
            if files.contains(CensusLoader.standardInput) {
                throw ValidationError("- (standard input) is read only in batch mode (--keys, --export or --screen): the explorer reads its keys from the terminal")
            }
            try TerminalCheck.requireInteractive()
        }
        let (engine, report) = try analysis.makeEngine(files: paths, quiet: !batch, showProgress: !batch, yearFromData: true,
                                                       everyYear: true)
        let name = files.isEmpty ? "demo extract" : (paths.count == 1 ? PathFolder.name(CensusLoader.displayName(paths[0])) : "\(paths.count) files")
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: .current, formatOptions: [.withFullDate])
        var state = ExplorerState(engine: engine, extractName: name, files: paths.map(CensusLoader.displayName), loadReport: report,
                                  width: 120, height: 40, today: today)
        state.ledger = try ledger.choice()
        state.otherReadings = ledger.otherReadings
        if ledger.noLedger { CLIOutput.note("warning: --no-ledger: exports are not recorded in the release ledger, so later releases of the extract are not protected against them\n") }
        if batch {
            let dims = size.split(separator: "x").compactMap { Int($0) }
            guard dims.count == 2, dims[0] > 0, dims[1] > 0, dims[0] <= 1000, dims[1] <= 1000 else { throw ValidationError("--size is WIDTHxHEIGHT") }
            state.handle(.resize(width: dims[0], height: dims[1]))
            var script = keys ?? ""
            if let f = keysFile {
                do { script += "\n" + (try String(contentsOfFile: f, encoding: .utf8)) } catch {
                    CLIOutput.error("cannot read \(f): \(error.localizedDescription)"); throw ExitCode(2)
                }
            }
            do { try ScriptRunner.run(script, on: &state) } catch {
                CLIOutput.error(error.description); throw ExitCode(1)
            }
            if screen { print(Renderer.render(state, style: .init(unicode: false)).text) }
            if let out = export {
                do throws(AtomicFileWriter.Failure) {
                    // A script that ends on the side-by-side page (`compare-readings`) exports that side by side.
                    if case .readings(let choice, _) = state.overlay {
                        _ = try state.writeReadingsExport(choice, to: out, overwrite: force)
                        CLIOutput.note("exported the \(state.viewTable.name) side by side (\(choice.rawValue)) to \(out)\n")
                        return
                    }
                    _ = try state.writeViewExport(to: out, overwrite: force)
                    let beside = out.lowercased().hasSuffix(".xlsx") ? "" : " (its context in \(out).context.txt)"
                    CLIOutput.note("exported \(state.breadcrumb) to \(out)\(beside)\n")
                } catch {
                    CLIOutput.error(error.description); throw ExitCode(2)
                }
            }
            return
        }
        OutOfMemoryGuard.end()
        let outcome = TerminalSession.run(state: state)
        if let e = outcome { CLIOutput.error(e); throw ExitCode(2) }
    }
}

/// The bundled demo extract: ./demo-data (as `swift run cinx` from the package), or next to the
/// package that built the executable, or $CINX_DEMO_DIR.
enum DemoData {
    static func paths() throws -> [String] {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["CINX_DEMO_DIR"] { candidates.append(env) }
        candidates.append(FileManager.default.currentDirectoryPath + "/demo-data")
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        // .build/<triple>/debug/cinx -> package root
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<5 { dir = dir.deletingLastPathComponent(); candidates.append(dir.path + "/demo-data") }
        for c in candidates {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: c)) ?? []).filter { $0.hasPrefix("cin-20") && $0.contains(".xml") }.sorted()
            if !names.isEmpty { return names.map { c + "/" + $0 } }
        }
        CLIOutput.error("no demo extract found (looked for demo-data/cin-20*.xml.gz); give files: cinx explore FILE...")
        throw ExitCode(2)
    }
}
