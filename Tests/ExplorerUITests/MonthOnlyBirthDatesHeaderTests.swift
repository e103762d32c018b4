import CINModel
import Testing
@testable import ExplorerUI
@testable import CINLoading

/// The header says "age bands approximate" when the load found month-only birth dates, and only then.
@Suite struct MonthOnlyBirthDatesHeaderTests {
    @Test func headerMarksApproximateAgeBands() {
        var report = LoadReport()
        report.birthDatePrecision = BirthDatePrecision(known: 20, onFirstOfMonth: 20)
        let flagged = ExplorerState(engine: UIFixture.engine, extractName: "fixture", loadReport: report, width: 160, height: 40, today: "2026-01-01")
        let header = flagged.screenText.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.contains("age bands approximate"), "\(header)")
        let plain = UIFixture.state(width: 160, height: 40).screenText.split(separator: "\n").first.map(String.init) ?? ""
        #expect(!plain.contains("approximate"), "\(plain)")
    }
}
