import ExplorerUI
import Foundation

/// Runs the explorer on the real terminal until the user quits. The terminal is always restored:
/// on quit, on Ctrl-C (read as a key in raw mode) and at exit.
public enum TerminalSession {
    /// Whether the terminfo database knows $TERM (an unknown one would make curses exit with its own message).
    public static var terminalIsKnown: Bool { Curses.termKnown() }

    /// Returns an error message when the terminal could not be used, nil after a normal quit.
    public static func run(state initial: ExplorerState) -> String? {
        Curses.resetSignalMask()
        let utf8 = Curses.setLocale()
        let noColour = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        guard Curses.start(colour: !noColour) else { return "could not start the terminal (is TERM right?)" }
        defer { Curses.stop() }
        var state = initial
        let style = Renderer.Style(unicode: utf8)
        let size = Curses.size()
        state.handle(.resize(width: size.width, height: size.height))
        // Keys typed while the files loaded are dropped too.
        Curses.flushInput()
        while !state.wantsQuit {
            ScreenPresenter.present(Renderer.render(state, style: style), asciiOnly: !utf8)
            let (kind, scalar) = Curses.readKey()
            if kind == Curses.keyError { continue }
            guard let key = KeyDecoder.decode(kind: kind, scalar: scalar, size: Curses.size) else { continue }
            let work = KeyWork.run(key, on: state, width: Curses.size().width, height: Curses.size().height)
            state = work.state
            // Keys typed while a long piece of work ran are dropped, not replayed as table commands afterwards.
            if work.long { Curses.flushInput() }
            if state.takeRedrawRequest() { Curses.redrawAll() }
            if let text = state.takeClipboardRequest() {
                // OSC 52: terminals that support it put the text on the clipboard; others ignore it.
                let osc = "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
                FileHandle.standardOutput.write(Data(osc.utf8))
            }
        }
        return nil
    }
}
