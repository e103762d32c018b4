import ExplorerUI

/// Copies an in-memory `Screen` to the terminal, one run of equal attributes at a time.
enum ScreenPresenter {
    static func present(_ screen: Screen, asciiOnly: Bool) {
        Curses.erase()
        for y in 0..<screen.height {
            var x = 0
            while x < screen.width {
                guard let first = screen.cell(x: x, y: y) else { break }
                let attrs = first.attributes
                var run = ""
                let start = x
                while x < screen.width, let c = screen.cell(x: x, y: y), c.attributes == attrs {
                    run += asciiOnly ? ascii(c.text) : c.text
                    x += 1
                }
                // The bottom-right cell cannot be written without scrolling some terminals: skip it.
                if y == screen.height - 1 && x == screen.width && !run.isEmpty { run.removeLast() }
                if run.contains(where: { $0 != " " }) || attrs != [] {
                    Curses.put(y: y, x: start, text: run, attributes: Int32(attrs.rawValue))
                }
            }
        }
        Curses.refresh()
    }

    /// Without a UTF-8 locale, non-ASCII text would show as garbage: replace it.
    static func ascii(_ s: String) -> String {
        if s.isEmpty { return "" }
        return s.unicodeScalars.allSatisfy(\.isASCII) ? s : "?"
    }
}
