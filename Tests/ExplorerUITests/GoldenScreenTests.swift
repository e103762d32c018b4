import Foundation
import Testing
@testable import ExplorerUI

/// The text of key screens, kept under Tests/ExplorerUITests/Golden. After a deliberate change,
/// update them with one command and review the diff:
///   CINX_UPDATE_GOLDEN=1 swift test --filter GoldenScreenTests
@Suite struct GoldenScreenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static let screens: [(name: String, width: Int, height: Int, script: String, keys: [Key])] = [
        ("summary-120x40", 120, 40, "", []),
        ("drilled-need-120x40", 120, 40, "drill D; by age; drill 1-4; by need", [.right]),
        ("factor-panel-120x40", 120, 40, "", [.char("f")]),
        ("help-120x40", 120, 40, "", [.char("?")]),
        ("summary-80x24", 80, 24, "", []),
        ("ethnicity-80x24", 80, 24, "by ethnicity", []),
        ("chooser-60x15", 60, 15, "", [.enter]),
        ("summary-60x15", 60, 15, "", []),
    ]

    @Test(arguments: screens.map(\.name))
    func screenMatchesItsGoldenFile(name: String) throws {
        guard let spec = Self.screens.first(where: { $0.name == name }) else { Issue.record("no screen \(name)"); return }
        var s = UIFixture.state(width: spec.width, height: spec.height)
        if !spec.script.isEmpty { ScriptRunnerHelper.run(spec.script, &s) }
        for k in spec.keys { s.press(k) }
        let text = Renderer.render(s, style: .init(unicode: false)).text
        let file = Self.folder.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["CINX_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOf: file, encoding: .utf8)
        #expect(text == golden, "screen \(name) differs from \(file.path); if the change is deliberate: CINX_UPDATE_GOLDEN=1 swift test --filter GoldenScreenTests")
    }
}
