import ArgumentParser
import CINRelease
import Foundation

/// The entry point: the out-of-memory guard first, so that even parsing the arguments cannot end in a crash report.
/// Parsing and errors are handled here rather than by `Cinx.main()` so that every error reads one way,
/// `cinx: ...` on stderr (ArgumentParser's own say `Error: ...`), and an unknown command is caught before
/// the default command (explore) takes it for a file.
@main
enum CinxMain {
    static func main() {
        OutOfMemoryGuard.installAtStart()
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            try CommandSuggestion.check(arguments, commands: Cinx.commandNames)
            var command = try Cinx.parseAsRoot(arguments)
            try command.run()
        } catch {
            exit(with: error)
        }
    }

    /// Help and --version on stdout with 0; anything else as `cinx: ...` on stderr with its exit status
    /// (64 for a usage error, as ArgumentParser gives).
    static func exit(with error: Error) -> Never {
        let code = Cinx.exitCode(for: error)
        let text = Cinx.fullMessage(for: error)
        if code == .success {
            if !text.isEmpty { print(text) }
        } else if !text.isEmpty {
            FileHandle.standardError.write(Data(CLIOutput.errorText(text).utf8))
        }
        Foundation.exit(code.rawValue)
    }
}

// Numeric options are parsed `.unconditional` (`--children -5`): a negative number is then that
// option's value, which its range check refuses in words, not an unknown option `-5`.
struct Cinx: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cinx",
        abstract: "CIN Cohort Explorer: load Children in Need census extracts and answer the cohort FOI questions.",
        discussion: "With no subcommand, opens the explorer on the bundled demo extract.",
        version: "cinx \(ReleaseManifest.cinxVersion)",
        subcommands: [Explore.self, Report.self, Audit.self, Validate.self, Generate.self, LedgerCommand.self],
        defaultSubcommand: Explore.self
    )

    /// The subcommands' names, and ArgumentParser's `help`.
    static var commandNames: [String] {
        configuration.subcommands.compactMap { $0.configuration.commandName ?? String(describing: $0).lowercased() } + ["help"]
    }
}
