import ArgumentParser
import CursesAdapter
import Foundation

/// Refuses to start the full-screen UI where it cannot work, before touching the terminal.
enum TerminalCheck {
    static func requireInteractive() throws {
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        if term.isEmpty || term == "dumb" {
            CLIOutput.error("TERM is \(term.isEmpty ? "not set" : "'dumb'"): the explorer needs a terminal (try TERM=xterm-256color), or use batch mode (--keys/--export/--screen) or cinx report")
            throw ExitCode(2)
        }
        if !TerminalSession.terminalIsKnown {
            CLIOutput.error("TERM is '\(term)', which this system's terminal database does not know: the explorer needs a terminal it can drive (try TERM=xterm-256color), or use batch mode (--keys/--export/--screen) or cinx report")
            throw ExitCode(2)
        }
        if isatty(STDOUT_FILENO) == 0 || isatty(STDIN_FILENO) == 0 {
            CLIOutput.error("standard input and output must be a terminal for the explorer; use batch mode (--keys/--export/--screen) or cinx report")
            throw ExitCode(2)
        }
    }
}
