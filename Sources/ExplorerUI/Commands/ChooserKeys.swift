/// What keys do in the breakdown chooser (after a drill).
public enum ChooserAction: String, CaseIterable, KeyAction {
    case down, up, choose, pickByNumber, cancel

    public var help: String {
        switch self {
        case .down: return "next breakdown"
        case .up: return "previous breakdown"
        case .choose: return "break down by the one under the cursor"
        case .pickByNumber: return "break down by the one numbered so (0 is the tenth)"
        case .cancel: return "cancel the drill"
        }
    }

    public static let table = KeyTable<ChooserAction>(
        title: "BREAKDOWN CHOOSER (\(KeyMap.key(for: .drill)))",
        bindings: [
            .init(.down, .down, .char("j")), .init(.up, .up, .char("k")), .init(.choose, .enter, .right, .char("l")),
            KeyBinding(.pickByNumber, keys: "1234567890".map { Key.char($0) }),
            .init(.cancel, .escape, .backspace, .left, .char("q")),
        ],
        footer: [.init(.up, .down, label: "choose"), .init(.choose, label: "open"), .init(.cancel, label: "cancel")])

    /// The hint under the chooser's list.
    public static let boxHints: [KeyHint<ChooserAction>] = [.init(.choose, label: "choose"), .init(.cancel, label: "cancel")]

    /// The breakdown a number key picks: 1 is the first, 0 the tenth.
    static func index(of key: Key) -> Int? {
        guard case .char(let c) = key, let digit = c.wholeNumberValue else { return nil }
        return digit == 0 ? 9 : digit - 1
    }
}
