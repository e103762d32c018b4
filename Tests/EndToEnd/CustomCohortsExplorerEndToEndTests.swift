import Testing
import Foundation

/// The explorer in tmux adds four custom cohorts by keys, each protected off the key loop; every key's work
/// must end within a generous bound (docs/performance.md has the figures measured on a quiet machine; the
/// bound allows for a machine shared with builds and a debug binary).
@Suite(.serialized) struct CustomCohortsExplorerEndToEndTests {
    @Test func fourCustomCohortsAddedByKeysEachWithinTheBound() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            Issue.record("tmux is not installed (.ci/run installs it)")
            return
        }
        let work = NSTemporaryDirectory() + "cinx-e2e-custom-" + UUID().uuidString
        let log = work + ".log"
        let rc = CinxProcess.run(["bash", CinxProcess.packageRoot + "/Tests/EndToEnd/explorer-custom-cohorts-tmux.sh", CinxProcess.binary,
                                  CinxProcess.packageRoot, work, "15"], log: log, cwd: CinxProcess.packageRoot)
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(rc == 0, "\(output)")
        #expect(output.contains("PASS"))
        // One line per cohort: the four custom cohorts were each added and timed.
        #expect(["F", "G", "H", "J"].allSatisfy { output.contains("cohort \($0): ") }, "\(output)")
    }
}
