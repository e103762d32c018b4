import CINModel
@testable import CINTestSupport
@testable import CohortEngine

extension Fx {
    static func engine(_ data: CensusData, _ settings: AnalysisSettings = AnalysisSettings()) -> CohortEngine {
        CohortEngine(data: data, settings: settings)
    }
}

extension CohortTable {
    /// The row of one cohort as [column: count].
    func row(_ id: String) -> [String: Int] {
        guard let r = rows.firstIndex(where: { $0.id == id }) else { return [:] }
        var out: [String: Int] = [:]
        for (c, name) in columns.enumerated() { out[name] = counts[r][c] }
        return out
    }
    func nonZero(_ id: String) -> [String: Int] { row(id).filter { $0.value != 0 } }
}
