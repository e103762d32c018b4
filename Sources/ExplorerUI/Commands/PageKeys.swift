/// What keys do on the text pages: help (`?`) and data quality (`d`).
public enum PageAction: String, CaseIterable, KeyAction {
    case lineDown, lineUp, pageDown, pageUp, top, bottom, close
    /// The data-quality page only: its problems are long lines, and it can be searched.
    case scrollLeft, scrollRight, search, searchNext

    public var help: String {
        switch self {
        case .lineDown: return "a line down"
        case .lineUp: return "a line up"
        case .pageDown: return "a page down"
        case .pageUp: return "a page up"
        case .top: return "the top (data quality: and the first column)"
        case .bottom: return "the end"
        case .close: return "close the page"
        case .scrollLeft: return "long lines back to the left"
        case .scrollRight: return "long lines to the right"
        case .search: return "search the problems"
        case .searchNext: return "the next line that matches"
        }
    }

    static let scrolling: [KeyBinding<PageAction>] = [
        .init(.lineDown, .down, .char("j")), .init(.lineUp, .up, .char("k")), .init(.pageDown, .pageDown, .char(" ")),
        .init(.pageUp, .pageUp), .init(.top, .home, .char("g")), .init(.bottom, .end, .char("G")),
        .init(.close, .escape, .char("q"), .backspace, .enter, .char("?"), .char("d")),
    ]
    static let scrollHints: [KeyHint<PageAction>] = [.init(.lineUp, .lineDown, .pageUp, .pageDown, label: "scroll")]

    /// The help page.
    public static let helpTable = KeyTable<PageAction>(
        title: "HELP AND DATA QUALITY PAGES (\(KeyMap.key(for: .help)), \(KeyMap.key(for: .dataQuality)))",
        bindings: scrolling, footer: scrollHints + [.init(.close, label: "close")])

    /// The data-quality page: the help page's keys and its own.
    public static let dataQualityTable = KeyTable<PageAction>(
        title: "DATA QUALITY PAGE (\(KeyMap.key(for: .dataQuality))), also",
        bindings: [.init(.scrollLeft, .left, .char("h")), .init(.scrollRight, .right, .char("l")),
                   .init(.search, .char("/")), .init(.searchNext, .char("n"))] + scrolling,
        footer: scrollHints + [.init(.scrollLeft, .scrollRight, label: "long lines"), .init(.search, label: "search"),
                               .init(.searchNext, label: "next"), .init(.close, label: "close")])

    /// The help page's section on the data-quality page: only what the help page's keys do not already say.
    static var dataQualityOnlyHelpLines: [String] {
        let shared = Set(scrolling.map(\.action))
        return dataQualityTable.helpLines.enumerated().filter { i, _ in
            i == 0 || !shared.contains(dataQualityTable.bindings[i - 1].action)
        }.map(\.element)
    }
}
