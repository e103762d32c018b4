/// What keys do in the cohort panel (`c`).
public enum CohortPanelAction: String, CaseIterable, KeyAction {
    case down, up, first, last, toggle, add, delete, undo, close

    public var help: String {
        switch self {
        case .down: return "next cohort"
        case .up: return "previous cohort"
        case .first: return "first cohort"
        case .last: return "last cohort"
        case .toggle: return "show or hide the cohort"
        case .add: return "add a cohort from an expression, e.g. F=6B & !4B"
        case .delete: return "delete a custom cohort (asks first; A-E stay)"
        case .undo: return "undo the last change"
        case .close: return "close the panel"
        }
    }

    public static let table = KeyTable<CohortPanelAction>(
        title: "COHORT PANEL (\(KeyMap.key(for: .cohortPanel)))",
        bindings: [
            .init(.down, .down, .char("j")), .init(.up, .up, .char("k")), .init(.first, .home, .char("g")), .init(.last, .end, .char("G")),
            .init(.toggle, .char(" "), .enter), .init(.add, .char("+")), .init(.delete, .char("x"), .delete), .init(.undo, .char("u")),
            .init(.close, .escape, .backspace, .char("q"), .char("c")),
        ],
        footer: [.init(.up, .down, label: "move"), .init(.toggle, label: "show/hide"), .init(.add, label: "add"),
                 .init(.delete, label: "delete"), .init(.close, label: "close")])
}
