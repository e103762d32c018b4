import Testing
@testable import ExplorerUI

/// The key tables are the one source of keys: names read both ways, no key means two things in
/// one table, and help, footers and scripts are all generated from them.
@Suite struct KeyTableTests {
    /// Every key any table binds, with the named keys.
    static var everyKey: [Key] {
        var keys: [Key] = KeyMap.table.bindings.flatMap(\.keys)
        keys += FactorPanelAction.table.bindings.flatMap(\.keys)
        keys += CohortPanelAction.table.bindings.flatMap(\.keys)
        keys += ChooserAction.table.bindings.flatMap(\.keys)
        keys += PromptAction.table.bindings.flatMap(\.keys)
        keys += ConfirmAnswer.table.bindings.flatMap(\.keys)
        keys += PageAction.dataQualityTable.bindings.flatMap(\.keys)
        keys += Key.named.map(\.key)
        keys += [.ctrl("a"), .char("名"), .char("-")]
        return keys
    }

    @Test func everyKeyNameReadsBackAsItsKey() {
        for key in Self.everyKey {
            #expect(Key(name: key.name) == key, "\(key) is named \(key.name)")
        }
        for entry in Key.named {
            #expect(Key(name: entry.name)?.name == entry.name, "\(entry.name)")
            #expect(Key(name: entry.name.uppercased()) == entry.key, "names are read in any case")
        }
        for alias in Key.aliases { #expect(Key(name: alias.name) == alias.key) }
        #expect(Key(name: "Ctrl-S") == .ctrl("s"))
        #expect(Key(name: "G") == .char("G") && Key(name: "g") == .char("g"))
        #expect(Key(name: "NoSuchKey") == nil && Key(name: "Ctrl-") == nil && Key(name: "") == nil)
    }

    @Test func namesAreUnique() {
        let names = (Key.named + Key.aliases).map { $0.name.lowercased() }
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.count > 1 }, "a one-letter name would shadow typing that letter")
    }

    static func checkTable<A: KeyAction & CaseIterable>(_ table: KeyTable<A>, actions: [A]) {
        let keys = table.bindings.flatMap(\.keys)
        #expect(Set(keys).count == keys.count, "\(table.title): a key bound twice")
        for a in actions { #expect(!table.keys(for: a).isEmpty, "\(table.title): \(a) has no key") }
        // Help is made from the bindings, so it lists them by construction; what can go wrong is an
        // action without words, or two actions a reader cannot tell apart.
        let helps = table.bindings.map(\.action.help)
        #expect(helps.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty }, "\(table.title): an action without help")
        #expect(Set(helps).count == helps.count, "\(table.title): two actions with the same help")
        for b in table.bindings { for k in b.keys { #expect(table.action(for: k) == b.action) } }
        for hint in table.footerHints {
            for a in hint.actions { #expect(table.bindings.contains { $0.action == a }, "\(table.title): footer names an unbound \(a)") }
        }
    }

    @Test func everyTableBindsEachActionAndNoKeyTwice() {
        Self.checkTable(KeyMap.table, actions: Command.allCases)
        Self.checkTable(FactorPanelAction.table, actions: FactorPanelAction.allCases)
        Self.checkTable(CohortPanelAction.table, actions: CohortPanelAction.allCases)
        Self.checkTable(ChooserAction.table, actions: ChooserAction.allCases)
        Self.checkTable(PromptAction.table, actions: PromptAction.allCases)
        Self.checkTable(ConfirmAnswer.table, actions: ConfirmAnswer.allCases)
        Self.checkTable(PageAction.dataQualityTable, actions: PageAction.allCases)
        Self.checkTable(PageAction.helpTable, actions: PageAction.allCases.filter { [.lineDown, .lineUp, .pageDown, .pageUp, .top, .bottom, .close].contains($0) })
    }

    /// The help page lists every key of every table, the panels' keys (r, x, i, Delete) among them.
    @Test func helpListsEveryKeyOfEveryTable() {
        let help = UIFixture.state().helpLines.joined(separator: "\n")
        func lists<A: KeyAction>(_ table: KeyTable<A>) {
            #expect(help.contains(table.title))
            for b in table.bindings { #expect(help.contains(table.keys(for: b.action)), "\(table.title): \(b.action)") }
        }
        lists(KeyMap.table); lists(FactorPanelAction.table); lists(CohortPanelAction.table); lists(ChooserAction.table)
        lists(PromptAction.table); lists(PageAction.helpTable)
        for line in PageAction.dataQualityOnlyHelpLines { #expect(help.contains(line)) }
        for verb in ScriptVerb.allCases { #expect(help.contains(verb.usage)) }
        for c in Command.allCases { #expect(help.contains(c.rawValue)) }
        for name in ["r", "x", "i", "Delete"] { #expect(help.contains("/\(name)")) }
    }

    @Test func footersAreTheTablesHints() {
        #expect(FactorPanelAction.table.footer(width: 200) == "Up/Down move  Space cycle  + require  - exclude  0 ignore  Esc close")
        #expect(CohortPanelAction.table.footer(width: 200) == "Up/Down move  Space show/hide  + add  x delete  Esc close")
        #expect(PromptAction.table.footer(width: 200) == "Enter confirm  Esc cancel  Backspace delete  Ctrl-C quit")
        // Narrow: the high ranks go, help and quit stay.
        let narrow = KeyMap.footer(width: 20)
        #expect(narrow.contains("? help") && narrow.contains("q quit") && !narrow.contains("cohort"))
    }

    /// A script statement is found by each of its names, and a command's long name is not taken by a verb.
    @Test func scriptVerbsAreFoundByName() {
        for verb in ScriptVerb.allCases {
            for name in verb.names { #expect(ScriptVerb(name: name.uppercased()) == verb) }
        }
        let names = ScriptVerb.allCases.flatMap(\.names)
        #expect(Set(names).count == names.count)
        // `drill` is both: the verb (with its target) wins, and a bare `drill` still needs one.
        for c in Command.allCases where ScriptVerb(name: c.rawValue) != nil {
            #expect([Command.drill, .addCohort].contains(c), "\(c.rawValue) is shadowed by a script verb")
        }
    }

    @Test func keyStatementPressesTheNamedKey() throws {
        for name in ["Delete", "Esc", "Escape", "Ctrl-L", "PgDn"] {
            var s = UIFixture.state()
            try ScriptRunner.run("key \(name)", on: &s)
            var t = UIFixture.state()
            if let k = Key(name: name) { t.handle(k) } else { Issue.record("\(name) names no key") }
            #expect(s.overlay == t.overlay && s.model == t.model)
        }
        // Delete in the cohort panel (once missing from help) refuses to delete a standard cohort.
        var s = UIFixture.state()
        do {
            try ScriptRunner.run("key c; key Down; key Delete", on: &s)
            Issue.record("deleting cohort B was not refused")
        } catch {
            #expect(error.statement == 3 && error.message.contains("A-E are the FOI's cohorts"))
        }
    }
}
