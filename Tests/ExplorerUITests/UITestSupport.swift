import Foundation
import Testing
import CINModel
import CohortEngine
@testable import ExplorerUI
@testable import CINLoading
@testable import CINTestSupport

enum UIFixture {
    /// A generated extract (fictional), shared by the UI tests.
    static let engine: CohortEngine = {
        let extract = SyntheticExtract(children: 1500, seed: 77)
        return CohortEngine(data: Fx.data(extract))
    }()

    static func state(width: Int = 120, height: Int = 40) -> ExplorerState {
        var s = ExplorerState(engine: engine, extractName: "fixture", width: width, height: height, today: "2026-01-01")
        s.exportDirectory = NSTemporaryDirectory()
        return s
    }
}

extension ExplorerState {
    mutating func press(_ keys: Key...) { for k in keys { handle(k) } }
    mutating func type(_ text: String) { for c in text { handle(.char(c)) } }
    var screenText: String { Renderer.render(self).text }
}

func tempPath(_ name: String) -> String {
    let dir = NSTemporaryDirectory() + "cinx-ui-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir + "/" + name
}

/// Runs a command script that the test expects to succeed; a failure is recorded, not thrown.
enum ScriptRunnerHelper {
    static func run(_ script: String, _ s: inout ExplorerState) {
        do { try ScriptRunner.run(script, on: &s) } catch { Issue.record("\(error)") }
    }
}
