import ExplorerUI

/// Turns what curses reports into a `Key` (pure, so it is tested without a terminal).
public enum KeyDecoder {
    /// Control codes and printable characters from a `CINX_KEY_CHAR` read.
    public static func decode(scalar: UInt32) -> Key? {
        switch scalar {
        case 10, 13: return .enter
        case 27: return .escape
        case 127, 8: return .backspace
        case 9: return .tab
        case 1...26:
            guard let s = Unicode.Scalar(scalar + 96) else { return nil }
            return .ctrl(Character(s))
        case 0, 28...31: return nil
        default:
            guard let s = Unicode.Scalar(scalar) else { return nil }
            return .char(Character(s))
        }
    }

    static func decode(kind: Int32, scalar: UInt32, size: () -> (width: Int, height: Int)) -> Key? {
        switch kind {
        case Curses.keyChar: return decode(scalar: scalar)
        case Curses.keyUp: return .up
        case Curses.keyDown: return .down
        case Curses.keyLeft: return .left
        case Curses.keyRight: return .right
        case Curses.keyPageUp: return .pageUp
        case Curses.keyPageDown: return .pageDown
        case Curses.keyHome: return .home
        case Curses.keyEnd: return .end
        case Curses.keyEnter: return .enter
        case Curses.keyBackspace: return .backspace
        case Curses.keyDelete: return .delete
        case Curses.keyResize: let s = size(); return .resize(width: s.width, height: s.height)
        default: return nil
        }
    }
}
