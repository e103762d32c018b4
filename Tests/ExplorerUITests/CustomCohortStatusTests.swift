import Testing
import CINModel
import CohortEngine
@testable import ExplorerUI

/// A custom cohort whose protection is not proven is withheld (every cell `c`); the status line says so when
/// the cohort is added, and says nothing of it for a cohort that is published.
@Suite struct CustomCohortStatusTests {
    @Test func theStatusLineSaysWhenACohortAddedIsWithheld() {
        // F = 6B & !4B on the fixture (1,500 children, 322 in the year): a hidden zero of F that the whole scope
        // bounds too narrowly and no custom cell can widen (CustomCohortProtectionTests), so F is withheld.
        var s = UIFixture.state()
        ScriptRunnerHelper.run("cohort F=6B & !4B", &s)
        let release = s.protectedRelease(threshold: 5, filter: Filter.none)
        #expect(release.withheldCohorts == ["F"])
        #expect(s.message?.contains("cohort F added") == true && s.message?.contains("withheld (every cell c)") == true, "\(s.message ?? "")")
        guard let r = s.model.rowIDs.firstIndex(of: "F") else { Issue.record("no F row"); return }
        #expect(s.model.cells[r].allSatisfy { $0.exportText == "c" })
        // A drill into the withheld cohort shows nothing of it either.
        ScriptRunnerHelper.run("drill F; by age", &s)
        #expect(s.model.cells.allSatisfy { row in row.allSatisfy { $0.exportText == "c" } })
    }

    @Test func aPublishedCohortAddedSaysNothingOfWithholding() {
        // H = 21 on the same fixture is proven and published.
        var s = UIFixture.state()
        ScriptRunnerHelper.run("cohort H=21", &s)
        let release = s.protectedRelease(threshold: 5, filter: Filter.none)
        #expect(release.withheldCohorts.isEmpty)
        #expect(s.message?.contains("cohort H added") == true && s.message?.contains("withheld") == false, "\(s.message ?? "")")
    }
}
