/// What keys do in the factor panel (`f`).
public enum FactorPanelAction: String, CaseIterable, KeyAction {
    case down, up, pageDown, pageUp, first, last, cycle, require, exclude, ignore, close

    public var help: String {
        switch self {
        case .down: return "next factor"
        case .up: return "previous factor"
        case .pageDown: return "a page down"
        case .pageUp: return "a page up"
        case .first: return "first factor"
        case .last: return "last factor"
        case .cycle: return "cycle the factor: ignored > required > excluded"
        case .require: return "require the factor (only children with it)"
        case .exclude: return "exclude the factor (only children without it)"
        case .ignore: return "ignore the factor"
        case .close: return "close the panel"
        }
    }

    public static let table = KeyTable<FactorPanelAction>(
        title: "FACTOR PANEL (\(KeyMap.key(for: .factorPanel)))",
        bindings: [
            .init(.down, .down, .char("j")), .init(.up, .up, .char("k")), .init(.pageDown, .pageDown), .init(.pageUp, .pageUp),
            .init(.first, .home), .init(.last, .end), .init(.cycle, .char(" "), .enter),
            .init(.require, .char("+"), .char("r")), .init(.exclude, .char("-"), .char("x")), .init(.ignore, .char("0"), .char("i")),
            .init(.close, .escape, .backspace, .char("q"), .char("f")),
        ],
        footer: [.init(.up, .down, label: "move"), .init(.cycle, label: "cycle"), .init(.require, label: "require"),
                 .init(.exclude, label: "exclude"), .init(.ignore, label: "ignore"), .init(.close, label: "close")])
}
