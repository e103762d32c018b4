import Testing
import Foundation

/// A load that runs out of memory ends with `cinx: out of memory loading FILE` and exit 2, and a run
/// that runs out after loading (index, tables, protection, writing) with `cinx: out of memory after
/// loading the files`: never a crash report, never a hang (a thread that cannot start once left the
/// loader waiting for ever).
@Suite(.serialized, .disabled(if: CinxProcess.isSanitizerBuild,
                               "a sanitizer build cannot run under an address-space limit (ulimit -v): AddressSanitizer reserves its shadow memory up front and exits 1 when it cannot"))
struct OutOfMemoryEndToEndTests {
    enum Outcome: Equatable { case cannotStart, outOfMemoryStarting, outOfMemory, outOfMemoryAfterLoading, loaded, other(String) }

    /// `cinx validate FILE`, or `cinx report FILE --table TABLE`, under `ulimit -v` of `limitKB`, with a
    /// timeout that only a hang reaches.
    static func validate(_ file: String, limitKB: Int, work: String, report table: String? = nil) -> Outcome {
        let log = work + "/run-\(limitKB).log"
        let command = table.map { "report \"$3\" --table \($0) --out \"$4/out-\($0)-\(limitKB)\"" } ?? "validate \"$3\" --format json"
        let script = "ulimit -v \"$1\" && exec timeout 300 \"$2\" \(command) > /dev/null"
        let rc = CinxProcess.run(["/bin/sh", "-c", script, "sh", String(limitKB), CinxProcess.binary, file, work], log: log, cwd: work)
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let lastLine = output.split(separator: "\n").last.map(String.init) ?? ""
        switch rc {
        case 0, 1: return .loaded
        case 2 where lastLine == "cinx: out of memory loading \(file)": return .outOfMemory
        case 2 where lastLine == "cinx: out of memory after loading the files": return .outOfMemoryAfterLoading
        // Before any file was read (starting up, parsing the arguments).
        case 2 where lastLine == "cinx: out of memory": return .outOfMemoryStarting
        // The dynamic loader could not map cinx's libraries: below where any run can start.
        case 127 where output.contains("error while loading shared libraries"): return .cannotStart
        case 124: return .other("hung: no exit within 300 s under ulimit -v \(limitKB)")
        default: return .other("exit \(rc) under ulimit -v \(limitKB): \(output.suffix(600))")
        }
    }

    /// Raises the limit in small steps from where cinx cannot start to where the file loads: every
    /// limit between must give the one line and exit 2. Steps rather than one guessed limit, because
    /// where memory runs out differs between debug and release builds and between machines.
    /// The trend builds its years' indexes on every core: a thread that cannot start must not hang it.
    @Test(arguments: [nil, "all", "trend"]) func aLoadOutOfMemoryNamesTheFileAndExits2(report: String?) throws {
        let work = NSTemporaryDirectory() + "cinx-oom-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let gen = CinxProcess.run([CinxProcess.binary, "generate", "--children", "20000", "--seed", "7", "--format", "csv", "--out", work],
                                  log: work + "/generate.log", cwd: work)
        try #require(gen == 0, "cinx generate failed")
        let file = work + "/cin-flat.csv"

        var outcomes: [(Int, Outcome)] = []
        let stepKB = 4 << 10
        var limitKB = 32 << 10
        // Past the first limit that completes, 1 MB steps for a while: where the work after loading
        // (index, tables, the trend's threads) runs out.
        var beyond = 0
        while limitKB <= 4 << 20 {
            let outcome = Self.validate(file, limitKB: limitKB, work: work, report: report)
            outcomes.append((limitKB, outcome))
            if case .other = outcome { break }
            if outcome == .loaded || beyond > 0 {
                beyond += 1
                if beyond > 12 { break }
                limitKB += 1 << 10
                continue
            }
            // Far below the start, larger steps.
            limitKB += outcome == .cannotStart && outcomes.count < 8 ? stepKB * 2 : stepKB
        }
        let summary = outcomes.map { "\($0.0 >> 10) MB: \($0.1)" }.joined(separator: "; ")
        for (_, outcome) in outcomes { if case .other(let what) = outcome { Issue.record("\(what)") } }
        #expect(outcomes.contains { $0.1 == .outOfMemory }, "no limit ran out of memory while loading: \(summary)")
        #expect(outcomes.contains { $0.1 == .loaded }, "the file never loaded: \(summary)")
    }
}
