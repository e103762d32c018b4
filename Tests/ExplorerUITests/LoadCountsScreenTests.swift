import Testing
import CINModel
import CohortEngine
@testable import ExplorerUI
@testable import CINLoading

/// The header's and the data-quality view's counts of load problems are counts like any other: a
/// kind from 1 to the screen's threshold is `c`, the total with it, and the hidden kind's problems
/// are not listed (their lines would count them).
@Suite struct LoadCountsScreenTests {
    /// 173 unknown codes, 3 problems of one kind (hidden at 5) and 13 merge conflicts.
    static func state(width: Int = 160, height: Int = 60) -> ExplorerState {
        var report = LoadReport()
        let kinds: [(LoadRule, Int)] = [(.unknownCode, 173), (.birthAndExpectedBirth, 3), (.mergeConflict, 13)]
        for (rule, n) in kinds {
            for i in 0..<n {
                report.add(LoadProblem(file: "cin-2017.xml", line: i + 1, childID: "\(rule.rawValue)-\(i)", rule: rule,
                                       action: .cleared, detail: "detail"))
            }
        }
        return ExplorerState(engine: UIFixture.engine, extractName: "fixture", loadReport: report, width: width, height: height,
                             today: "2026-01-01")
    }

    @Test func theHeaderHidesTheTotalBesideAHiddenKind() {
        var s = Self.state()
        let header = s.screenText.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.contains("c load problems (d)"), "\(header)")
        #expect(!header.contains("189"), "\(header)")
        // Suppression off on screen (the screen says so): the counts are shown.
        ScriptRunnerHelper.run("threshold 0", &s)
        #expect(s.screenText.contains("189 load problems (d)"))
    }

    @Test func theDataQualityViewCannotBeSubtracted() {
        let lines = Self.state().dataQualityLines
        #expect(lines[0] == "DATA QUALITY: c problem(s) in 0 file(s)", "\(lines[0])")
        #expect(lines.contains { $0.hasPrefix("  birth-and-expected-birth-date") && $0.hasSuffix(" c") })
        #expect(lines.contains { $0.hasPrefix("  unknown-code") && $0.hasSuffix("173") })
        #expect(lines.contains { $0.hasPrefix("  merge-conflict") && $0.hasSuffix("13") })
        // Not one problem of the hidden kind is listed; every other one is.
        #expect(!lines.contains { $0.contains("birth-and-expected-birth-date-") })
        #expect(lines.filter { $0.contains(": child unknown-code-") }.count == 173)
        #expect(lines.filter { $0.contains(": child merge-conflict-") }.count == 13)
        #expect(lines.contains { $0.contains("kinds shown as c are not listed") })
        #expect(!lines.contains { $0.contains("more counted but not kept") })
        #expect(!lines.joined().contains("189"))
    }

    @Test func problemsNotKeptAreCountedOnlyOverTheKindsShown() {
        // More problems than the report keeps: the "more" line counts the shown kinds' alone.
        var report = LoadReport()
        for i in 0..<(LoadReport.maxStored + 7) {
            report.add(LoadProblem(file: "f.xml", line: i, childID: "", rule: .unknownCode, action: .cleared, detail: ""))
        }
        for i in 0..<2 { report.add(LoadProblem(file: "f.xml", line: i, childID: "", rule: .mergeConflict, action: .cleared, detail: "")) }
        let s = ExplorerState(engine: UIFixture.engine, extractName: "fixture", loadReport: report, today: "2026-01-01")
        let lines = s.dataQualityLines
        #expect(lines.contains("  ... 7 more counted but not kept: cinx validate --format json lists all"))
        #expect(lines[0].hasPrefix("DATA QUALITY: c problem(s)"))
    }
}
