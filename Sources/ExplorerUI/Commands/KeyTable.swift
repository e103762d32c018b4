/// What a key does in one panel or overlay. Each action says what it does once, in `help`, and a
/// `KeyTable` binds keys to it; handlers, footers and the help page all read the table.
public protocol KeyAction: Hashable, Sendable {
    /// One line for the help page.
    var help: String { get }
}

/// The keys bound to one action, in the order help lists them (the first is the one hints show).
public struct KeyBinding<Action: KeyAction>: Sendable {
    public let action: Action
    public let keys: [Key]

    public init(_ action: Action, _ keys: Key...) {
        self.action = action
        self.keys = keys
    }

    public init(_ action: Action, keys: [Key]) {
        self.action = action
        self.keys = keys
    }
}

/// A hint on a footer or a panel's title: the first key of each action, joined by `/`, then a word.
/// On a narrow screen the highest `rank` goes first; rank 0 always stays.
public struct KeyHint<Action: KeyAction>: Sendable {
    public let actions: [Action]
    public let label: String
    public let rank: Int

    public init(_ actions: Action..., label: String, rank: Int = 0) {
        self.actions = actions
        self.label = label
        self.rank = rank
    }
}

/// The key table of one panel or overlay: its bindings, in help order, and its footer's hints.
public struct KeyTable<Action: KeyAction>: Sendable {
    /// The section heading on the help page.
    public let title: String
    public let bindings: [KeyBinding<Action>]
    public let footerHints: [KeyHint<Action>]

    public init(title: String, bindings: [KeyBinding<Action>], footer: [KeyHint<Action>]) {
        self.title = title
        self.bindings = bindings
        self.footerHints = footer
    }

    /// The action of a key here, if it has one.
    public func action(for key: Key) -> Action? {
        bindings.first { $0.keys.contains(key) }?.action
    }

    /// Every key bound to an action, e.g. "Up/k"; empty when unbound.
    public func keys(for action: Action) -> String {
        bindings.filter { $0.action == action }.flatMap(\.keys).map(\.name).joined(separator: "/")
    }

    /// The first key bound to an action (the one hints and messages name).
    public func key(for action: Action) -> String {
        bindings.first { $0.action == action }?.keys.first?.name ?? "?"
    }

    /// Hints as one line, dropping the highest ranks until it fits `width` (nil: keep them all).
    public func hintLine(_ hints: [KeyHint<Action>], width: Int? = nil) -> String {
        var kept = hints
        func text() -> String {
            kept.map { hint in hint.actions.map { key(for: $0) }.joined(separator: "/") + " " + hint.label }.joined(separator: "  ")
        }
        if let width {
            while DisplayWidth.of(text()) > width, let worst = kept.indices.max(by: { kept[$0].rank < kept[$1].rank }),
                  kept[worst].rank > 0 {
                kept.remove(at: worst)
            }
        }
        return text()
    }

    /// The footer line for a screen `width` columns wide.
    public func footer(width: Int) -> String { hintLine(footerHints, width: width) }

    /// The help page's section: the title, then one line per action with its keys.
    /// Keys too many for the column push their help along rather than being cut.
    public var helpLines: [String] {
        [title] + bindings.map { binding in
            let names = keys(for: binding.action)
            return "  " + (DisplayWidth.of(names) < 22 ? DisplayWidth.fit(names, 22) : names + "  ") + binding.action.help
        }
    }
}
