import Testing
import Foundation
import CINModel
import CINRelease
@testable import CohortEngine
@testable import CINTestSupport

/// A release proven beside earlier ones (`--beside`, the ledger's, a regional pack's members) is refused when its
/// budget runs out. The budget is counted in solver work (`ReleaseProtection.besideWork`), so that whether it is
/// refused depends on the inputs, not on the machine's load: with 60 s of wall time, the third release of a chain on
/// the demo (74 s of wall time at load 6) was published on a quiet machine and refused on a busy one.
@Suite struct BesideBudgetTests {
    static func gender(_ v: Int) -> Filter { Filter(dimensions: [.init(dimension: .gender, values: [v])]) }

    /// The females' whole scope, as a reader holds it beside the males' release.
    static func females(_ engine: CohortEngine) throws -> HeldRelease {
        let filter = Self.gender(1)
        let first = ReportTables.release(engine: engine, names: ReportTables.allTableNames, threshold: 5, filter: filter)
        let published = ReleaseCheck.published(first, cohorts: engine.cohorts, filter: filter)
        return try ReportTables.held(engine: engine, published, name: "females")
    }

    static func males(_ engine: CohortEngine, beside held: [HeldRelease], budget: TimeInterval = ReleaseProtection.besideBudget) -> ProtectedRelease {
        ReportTables.release(engine: engine, names: ReportTables.allTableNames, threshold: 5, filter: Self.gender(0), earlier: held, budget: budget)
    }

    @Test func theSameReleaseBesideAnEarlierOneOnAQuietMachineAndABusyOne() throws {
        let engine = PropertyTests.engine(seed: 31, children: 3000)
        let held = [try Self.females(engine)]
        let quiet = Self.males(engine, beside: held)
        #expect(quiet.notProvenBeside.isEmpty && !quiet.notProvenByClock && quiet.tables.contains { $0.hiddenCount > 0 })
        // Every solve made to sleep first, as under load: the same work, so the same cells hidden.
        IntegerProgram.slowdownForTests = 2_000
        defer { IntegerProgram.slowdownForTests = 0 }
        let busy = Self.males(engine, beside: held)
        IntegerProgram.slowdownForTests = 0
        #expect(busy.notProvenBeside.isEmpty && busy.tables == quiet.tables)
    }

    @Test func theWallClockSafetyStopRefusesAndSaysSo() throws {
        // All the work in the world but no time: refused, naming the earlier release, and the refusal says the clock
        // (not the work) did it.
        let engine = PropertyTests.engine(seed: 31, children: 3000)
        let refused = Self.males(engine, beside: [try Self.females(engine)], budget: 0)
        #expect(refused.notProvenBeside == ["females"] && refused.notProvenByClock)
        #expect(refused.clockNote.contains("wall-clock safety stop"))
    }
}
