import CCursesShim

/// Every call into curses, in one place (the only file that names C functions).
enum Curses {
    static func resetSignalMask() { cinx_reset_signal_mask() }
    static func setLocale() -> Bool { cinx_set_locale() == 1 }
    static func start(colour: Bool) -> Bool { cinx_start(colour ? 1 : 0) == 0 }
    static func stop() { cinx_stop() }
    static func termKnown() -> Bool { cinx_term_known() == 1 }
    static func redrawAll() { cinx_redraw_all() }
    static func size() -> (width: Int, height: Int) {
        var h: Int32 = 0, w: Int32 = 0
        cinx_size(&h, &w)
        return (Int(w), Int(h))
    }
    static func readKey() -> (kind: Int32, scalar: UInt32) {
        var ch: UInt32 = 0
        let kind = cinx_read_key(&ch)
        return (kind, ch)
    }
    static func erase() { cinx_erase() }
    static func put(y: Int, x: Int, text: String, attributes: Int32) {
        text.withCString { cinx_put(Int32(y), Int32(x), $0, attributes) }
    }
    static func refresh() { cinx_refresh() }
    static func flushInput() { cinx_flush_input() }
    static func setReadTimeout(milliseconds: Int32) { cinx_set_read_timeout(milliseconds) }

    static let keyChar = Int32(CINX_KEY_CHAR)
    static let keyUp = Int32(CINX_KEY_UP), keyDown = Int32(CINX_KEY_DOWN)
    static let keyLeft = Int32(CINX_KEY_LEFT), keyRight = Int32(CINX_KEY_RIGHT)
    static let keyPageUp = Int32(CINX_KEY_PGUP), keyPageDown = Int32(CINX_KEY_PGDN)
    static let keyHome = Int32(CINX_KEY_HOME), keyEnd = Int32(CINX_KEY_END)
    static let keyEnter = Int32(CINX_KEY_ENTER), keyBackspace = Int32(CINX_KEY_BACKSPACE)
    static let keyDelete = Int32(CINX_KEY_DELETE), keyResize = Int32(CINX_KEY_RESIZE)
    static let keyError = Int32(CINX_KEY_ERROR)
}
