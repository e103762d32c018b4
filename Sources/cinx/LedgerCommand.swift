import ArgumentParser
import CINRelease
import Foundation

/// `cinx ledger list | show ID | forget ID`: the release ledger, where every protected release cinx
/// writes is recorded (docs/privacy.md, "Release ledger").
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "List, show or forget the releases recorded in the release ledger.",
        discussion: """
        Every protected release cinx writes (report --out, explorer exports) is recorded in the ledger, \
        keyed by its inputs' SHA-256 and reporting year: what it published (release.json and every table), \
        aggregates only. The ledger is --ledger DIR, else $CINX_LEDGER (a team's shared folder), else \
        $XDG_STATE_HOME/cinx/ledger (~/.local/state/cinx/ledger).

        Exit status: 0 done, 1 forget not confirmed, 2 the ledger cannot be read (a damaged entry is \
        named) or written, or no such entry.
        """,
        subcommands: [LedgerList.self, LedgerShow.self, LedgerForget.self], defaultSubcommand: LedgerList.self)

    /// The ledger's error as the one line every command prints, exit 2.
    static func fail(_ error: LedgerError) -> ExitCode {
        CLIOutput.error(error.description)
        return ExitCode(2)
    }

    /// The ids in the default ledger, for the shells' completion of ID.
    static let idCompletion = CompletionKind.custom { _, _, _ in
        guard let directory = LedgerLocation.directory(option: nil, environment: ProcessInfo.processInfo.environment) else { return [] }
        return ((try? ReleaseLedger(directory: directory).entries()) ?? []).map(\.id)
    }
}

/// The folder option the ledger's subcommands share.
struct LedgerFolder: ParsableArguments {
    @Option(help: ArgumentHelp("The release ledger's folder (default: $CINX_LEDGER, else $XDG_STATE_HOME/cinx/ledger, ~/.local/state/cinx/ledger).",
                               valueName: "dir"), completion: .directory)
    var ledger: String?

    func open() throws -> ReleaseLedger { try LedgerOptions.ledger(option: ledger) }
}

struct LedgerList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "One line per recorded release: id, written, year, filter, cohorts, tables, command line.")

    @OptionGroup var folder: LedgerFolder

    func run() throws {
        let ledger = try folder.open()
        let entries: [LedgerEntry]
        do throws(LedgerError) { entries = try ledger.entries() } catch { throw LedgerCommand.fail(error) }
        print("ledger \(ledger.directory): \(entries.count) release\(entries.count == 1 ? "" : "s")")
        guard !entries.isEmpty else { return }
        var rows = [["id", "written", "year", "filter", "cohorts", "tables", "command"]]
        for entry in entries {
            let m: ReleaseManifest
            do throws(LedgerError) { m = try entry.manifest() } catch { throw LedgerCommand.fail(error) }
            rows.append([entry.id, entry.recorded, LedgerShow.yearName(entry.year), LedgerList.filter(m.filter),
                         m.cohorts.map(\.id).joined(separator: ","), m.tables.joined(separator: ","),
                         m.commandLine.map(ReleaseManifest.shellQuoted).joined(separator: " ")])
        }
        // Columns padded to their widest, the command line last and whole.
        let widths = (0..<6).map { c in rows.map { $0[c].count }.max() ?? 0 }
        for row in rows {
            print((0..<6).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "  " + row[6])
        }
    }

    /// A filter in the words of the options that make it; `none` for the standard release.
    static func filter(_ f: ReleaseManifest.FilterSpec) -> String {
        let parts = f.require.map { "require \($0)" } + f.exclude.map { "exclude \($0)" }
            + f.inCohort.map { "in-cohort \($0)" } + f.where.map { "where \($0)" }
        return parts.isEmpty ? "none" : parts.joined(separator: "; ")
    }
}

struct LedgerShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a recorded release: its release.json and every table it published.")

    @Argument(help: "The entry's id (or its first four or more digits, when only one entry starts so).", completion: LedgerCommand.idCompletion)
    var id: String
    @OptionGroup var folder: LedgerFolder

    func run() throws {
        let ledger = try folder.open()
        let entry: LedgerEntry
        do throws(LedgerError) { entry = try ledger.entry(id) } catch { throw LedgerCommand.fail(error) }
        print("entry \(entry.id), written \(entry.recorded), reporting year \(LedgerShow.yearName(entry.year)), in \(entry.file)")
        print("== \(ReleaseManifest.fileName)")
        print(entry.release, terminator: entry.release.hasSuffix("\n") ? "" : "\n")
        for table in entry.tables {
            print("== \(table.name).csv")
            print(table.csv, terminator: table.csv.hasSuffix("\n") ? "" : "\n")
        }
    }

    /// `2016-17` for 2017, as the rest of cinx names a reporting year.
    static func yearName(_ year: Int) -> String { "\(year - 1)-\(String(year).suffix(2))" }
}

struct LedgerForget: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Remove a recorded release that never went out (asks first; --yes for scripts).",
        discussion: """
        Later releases of the extract are protected against every release in the ledger; forget one only \
        if it was never sent or published (a refused send, a mistaken run), or it keeps protecting them.
        """)

    @Argument(help: "The entry's id (or its first four or more digits, when only one entry starts so).", completion: LedgerCommand.idCompletion)
    var id: String
    @Flag(help: "Forget without asking (scripts).") var yes = false
    @OptionGroup var folder: LedgerFolder

    func validate() throws {
        if !yes && isatty(STDIN_FILENO) == 0 {
            throw ValidationError("ledger forget asks for confirmation on a terminal: give --yes to forget without asking")
        }
    }

    func run() throws {
        let ledger = try folder.open()
        if !yes {
            let entry: LedgerEntry
            let m: ReleaseManifest
            do throws(LedgerError) { entry = try ledger.entry(id); m = try entry.manifest() } catch { throw LedgerCommand.fail(error) }
            CLIOutput.note("forget entry \(entry.id), written \(entry.recorded), \(LedgerShow.yearName(entry.year)), tables \(m.tables.joined(separator: ",")), filter \(LedgerList.filter(m.filter))?\n"
                           + "  \(m.commandLine.map(ReleaseManifest.shellQuoted).joined(separator: " "))\n"
                           + "Later releases will no longer be protected against it: only for a release that never went out. [y/N] ")
            let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            guard answer == "y" || answer == "yes" else {
                CLIOutput.note("kept entry \(entry.id)\n")
                throw ExitCode(1)
            }
        }
        do throws(LedgerError) {
            let forgotten = try ledger.forget(id)
            print("forgot entry \(forgotten.id) (\(LedgerShow.yearName(forgotten.year)), written \(forgotten.recorded))")
        } catch { throw LedgerCommand.fail(error) }
    }
}
