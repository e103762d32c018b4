import Testing
import Foundation

/// The docs' quoted outputs (the user guide's screens, the figures privacy.md, performance.md and
/// demo-data.md quote from `cinx report` and `cinx audit`) are what the binary under test prints: each
/// block after a `<!-- output of: COMMAND -->` line is run again by `scripts/doc-outputs.py` and compared,
/// with a diff on failure. `scripts/refresh-doc-outputs.sh` rewrites them when an output changes on purpose.
@Suite struct DocumentedOutputsEndToEndTests {
    static let script = CinxProcess.packageRoot + "/scripts/doc-outputs.py"

    @Test func everyQuotedOutputIsWhatTheBinaryPrints() {
        let (rc, output) = CinxProcess.output(of: ["python3", Self.script, "--cinx", CinxProcess.binary, "--check"])
        #expect(rc == 0, "a quoted output in the docs differs from what cinx prints now; if the change is intended, run scripts/refresh-doc-outputs.sh:\n\(output)")
        // The screens of the user guide and the figures of the other docs are all found.
        let count = output.firstMatch(of: /doc-outputs: (\d+) blocks/).flatMap { Int($0.1) } ?? 0
        #expect(count >= 12, "only \(count) quoted outputs were found:\n\(output)")
    }

    /// What the check exists to catch is caught: a quoted screen that the binary no longer prints fails
    /// with a diff naming the line, and a refresh puts the binary's output in its place.
    @Test func aStaleBlockFailsWithADiffAndARefreshMendsIt() throws {
        let dir = CinxProcess.workDirectory("cinx-doc-outputs", "docs")
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        let doc = dir + "/guide.md"
        let stale = """
            # Guide
            <!-- output of: cinx report demo-data/cin-flat.csv.gz --table summary --quiet --out - | head -2 -->
            ```
            cohort,label,children,percent
            A,without 4B or 5B,1,0.1
            ```
            The end.
            """
        try stale.write(toFile: doc, atomically: true, encoding: .utf8)
        let check = CinxProcess.output(of: ["python3", Self.script, "--cinx", CinxProcess.binary, "--check", doc])
        #expect(check.status == 1, "\(check.output)")
        #expect(check.output.contains("guide.md:2: the block differs") && check.output.contains("-A,without 4B or 5B,1,0.1"),
                "\(check.output)")
        let write = CinxProcess.output(of: ["python3", Self.script, "--cinx", CinxProcess.binary, "--write", doc])
        #expect(write.status == 0, "\(write.output)")
        let mended = try String(contentsOfFile: doc, encoding: .utf8)
        #expect(mended.hasPrefix("# Guide\n<!-- output of:") && mended.hasSuffix("```\nThe end."))
        #expect(!mended.contains("A,without 4B or 5B,1,0.1"))
        #expect(CinxProcess.output(of: ["python3", Self.script, "--cinx", CinxProcess.binary, "--check", doc]).status == 0)
    }
}
