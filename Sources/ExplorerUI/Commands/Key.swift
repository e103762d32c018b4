/// A key press, decoded by the adapter (or parsed from a script's `key NAME`).
public enum Key: Hashable, Sendable {
    case char(Character)
    /// A control chord; the letter is kept in lower case (`.ctrl("s")` is Ctrl-S).
    case ctrl(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, backspace, tab, delete
    case resize(width: Int, height: Int)

    /// The keys that are named rather than typed, with the one name help, footers and scripts use.
    /// `name` and `init?(name:)` both read this table, so a name cannot mean two keys.
    static let named: [(key: Key, name: String)] = [
        (.up, "Up"), (.down, "Down"), (.left, "Left"), (.right, "Right"),
        (.pageUp, "PgUp"), (.pageDown, "PgDn"), (.home, "Home"), (.end, "End"),
        (.enter, "Enter"), (.escape, "Esc"), (.backspace, "Backspace"), (.tab, "Tab"), (.delete, "Delete"),
        (.char(" "), "Space"),
    ]

    /// Other spellings a script may use; never shown.
    static let aliases: [(key: Key, name: String)] = [(.escape, "Escape"), (.pageUp, "PageUp"), (.pageDown, "PageDown")]

    static let ctrlPrefix = "Ctrl-"

    /// The key's name in help, footers and `key NAME` statements: `Up`, `Ctrl-S`, `Space`, `x`.
    public var name: String {
        if let entry = Key.named.first(where: { $0.key == self }) { return entry.name }
        switch self {
        case .char(let c): return String(c)
        case .ctrl(let c): return Key.ctrlPrefix + c.uppercased()
        case .resize: return "Resize"
        default: return "?"   // unreachable: every other case is in `named`
        }
    }

    /// The key a name stands for: a name from the table (any case), `Ctrl-` and one letter, or one character.
    public init?(name: String) {
        let lower = name.lowercased()
        if let entry = (Key.named + Key.aliases).first(where: { $0.name.lowercased() == lower }) {
            self = entry.key
        } else if lower.hasPrefix(Key.ctrlPrefix.lowercased()), lower.count == Key.ctrlPrefix.count + 1, let c = lower.last {
            self = .ctrl(c)
        } else if name.count == 1, let c = name.first {
            self = .char(c)
        } else {
            return nil
        }
    }
}
