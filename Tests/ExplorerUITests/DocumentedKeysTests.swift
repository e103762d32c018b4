import Testing
import Foundation
@testable import ExplorerUI

/// The keys the docs name outside the user guide's key table (which `ExplorerStateTests` checks) are keys
/// of the explorer's table views, and do what the sentence around them says: a key named as "`K` in the
/// explorer" or "the explorer's `K`" is bound, and a word of its help line (four letters or more) appears in
/// the sentence just before the mention (`--need-episode later` (`N` in the explorer): N's help says "need
/// episode"; `n`, the next search match, would fail). Every key in backticks in a user-guide heading is bound.
@Suite struct DocumentedKeysTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var documents: [(name: String, text: String)] {
        let docs = ((try? FileManager.default.contentsOfDirectory(atPath: root.path + "/docs")) ?? []).filter { $0.hasSuffix(".md") }
        return (["README.md"] + docs.sorted().map { "docs/" + $0 }).compactMap { name in
            (try? String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)).map { (name, $0) }
        }
    }

    /// The command a key name (`N`, `Ctrl-S`) runs in the table views, if any.
    static func command(_ name: String) -> Command? {
        Key(name: name).flatMap { KeyMap.command(for: $0) }
    }

    /// Whether a word of `command`'s help line appears in `context`.
    static func explains(_ command: Command, _ context: String) -> Bool {
        let words = command.help.lowercased().split(whereSeparator: { !$0.isLetter }).filter { $0.count >= 4 }
        return words.contains { context.lowercased().contains($0) }
    }

    @Test func keysNamedInTheDocsAreBoundAndDoWhatTheSentenceSays() {
        var found = 0
        for (name, text) in Self.documents {
            let flat = text.replacingOccurrences(of: "\n", with: " ")
            for match in flat.matches(of: /`([^`]{1,8})` in the explorer|the explorer's `([^`]{1,8})`/) {
                let key = String(match.output.1 ?? match.output.2 ?? "")
                // `Selected:` and other screen texts are not keys.
                guard !key.hasSuffix(":") else { continue }
                found += 1
                let context = String(flat[..<match.range.lowerBound].suffix(90))
                guard let command = Self.command(key) else {
                    Issue.record("\(name): `\(key)` is not a key of the explorer's tables (…\(context))")
                    continue
                }
                #expect(Self.explains(command, context), "\(name): `\(key)` is \(command.rawValue) (\(command.help)), not what …\(context) says")
            }
        }
        #expect(found >= 4, "the docs' key mentions were not found")
    }

    @Test func everyKeyInAUserGuideHeadingIsBound() throws {
        let guide = try #require(Self.documents.first { $0.name == "docs/user-guide.md" }).text
        var found = 0
        for heading in guide.split(separator: "\n") where heading.hasPrefix("## ") {
            for match in heading.matches(of: /`([^`]+)`/) {
                found += 1
                #expect(Self.command(String(match.output.1)) != nil, "\(heading): `\(match.output.1)` is not a key")
            }
        }
        #expect(found >= 10)
    }

    @Test func aWrongKeyIsCaught() {
        #expect(Self.command("N") == .toggleNeedEpisode)
        #expect(!Self.explains(Self.command("n")!, "reads \"became a child in need\" as a new referral: `--need-episode later`"))
        #expect(Self.explains(Self.command("N")!, "`--need-episode later`"))
    }
}
