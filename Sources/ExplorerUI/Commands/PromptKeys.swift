/// What keys do at a prompt (a path, a year, a cohort's expression, the command line, a search).
/// Any other character is typed. Confirmations (y/n) read `ConfirmAnswer`.
public enum PromptAction: String, CaseIterable, KeyAction {
    case submit, cancel, deleteBackward, deleteForward, cursorLeft, cursorRight, toStart, toEnd
    case deleteToStart, deleteToEnd, deleteWord, historyBack, historyForward, quit

    public var help: String {
        switch self {
        case .submit: return "confirm"
        case .cancel: return "cancel"
        case .deleteBackward: return "delete the character before the cursor"
        case .deleteForward: return "delete the character under the cursor"
        case .cursorLeft: return "cursor left"
        case .cursorRight: return "cursor right"
        case .toStart: return "to the start"
        case .toEnd: return "to the end"
        case .deleteToStart: return "delete to the start"
        case .deleteToEnd: return "delete to the end"
        case .deleteWord: return "delete the word before the cursor"
        case .historyBack: return "the answer given before (history)"
        case .historyForward: return "the answer given after (history)"
        case .quit: return "quit at once"
        }
    }

    public static let table = KeyTable<PromptAction>(
        title: "PROMPTS (paths, years, cohorts, the command line, searches)",
        bindings: [
            .init(.submit, .enter), .init(.cancel, .escape), .init(.deleteBackward, .backspace), .init(.deleteForward, .delete),
            .init(.cursorLeft, .left), .init(.cursorRight, .right), .init(.toStart, .home, .ctrl("a")), .init(.toEnd, .end, .ctrl("e")),
            .init(.deleteToStart, .ctrl("u")), .init(.deleteToEnd, .ctrl("k")), .init(.deleteWord, .ctrl("w")),
            .init(.historyBack, .up), .init(.historyForward, .down), .init(.quit, .ctrl("c")),
        ],
        footer: [.init(.submit, label: "confirm"), .init(.cancel, label: "cancel"), .init(.deleteBackward, label: "delete"),
                 .init(.quit, label: "quit")])
}

/// The answer to a yes/no question (overwrite, delete a cohort, reveal, quit).
public enum ConfirmAnswer: String, CaseIterable, KeyAction {
    case yes, no

    public var help: String {
        switch self {
        case .yes: return "yes (at a y/n question)"
        case .no: return "no (at a y/n question; for all but overwrite any other key too)"
        }
    }

    public static let table = KeyTable<ConfirmAnswer>(
        title: "QUESTIONS (y/n)",
        bindings: [.init(.yes, .char("y"), .char("Y")), .init(.no, .char("n"), .char("N"))],
        footer: [])
}
