/// The named tables of `cinx report` and of exports, with their titles and context lines.
public enum ReportTables {
    public static let definitionsVersion = "cinx-definitions-1"

    public static func table(engine: CohortEngine, name: String, filter: Filter = .none) -> CohortTable {
        if name == "summary" { return engine.summary(filter: filter) }
        return engine.table(Dimension(name: name) ?? .ageBand, filter: filter)
    }

    public static func suppressed(engine: CohortEngine, name: String, threshold: Int, filter: Filter = .none) -> SuppressedTable {
        let t = table(engine: engine, name: name, filter: filter)
        return Suppression.apply(t, threshold: threshold, partition: Suppression.partitionRows(t))
    }

    public static func title(_ name: String) -> String {
        if name == "summary" { return "Cohort sizes" }
        return "Cohort by " + (Dimension(name: name)?.title ?? name)
    }

    public static func context(engine: CohortEngine, files: [String], threshold: Int, filter: Filter = .none) -> [String: String] {
        let s = engine.settings
        return [
            "extract": files.map { $0.split(separator: "/").last.map(String.init) ?? $0 }.joined(separator: " "),
            "year": "\(s.year - 1)-\(String(s.year).suffix(2)) (1 April \(s.year - 1) to 31 March \(s.year))",
            "followUpYears": String(s.followUpYears),
            "needEpisode": s.needEpisode.rawValue,
            "filters": filter.description,
            "suppression": threshold > 0 ? "counts 1-\(threshold) shown as c, with secondary suppression" : "OFF: unsuppressed counts (not for publication)",
            "definitions": definitionsVersion,
            "population": String(engine.populationSize),
        ]
    }

    public static func footer(engine: CohortEngine, threshold: Int) -> [String] {
        let s = engine.settings
        return [
            "Population: children with an assessment with factor data authorised 1 April \(s.year - 1) to 31 March \(s.year) (\(engine.populationSize)); cohorts on the first such assessment's factors.",
            "Age band at the assessment start; ethnicity as last returned; maltreatment 16A, 17A, 18A/B/C, 19A/B/C; need on the \(s.needEpisode == .first ? "first episode of need open" : "first episode of need referred after the assessment") in the \(s.followUpYears)-year window.",
            threshold > 0 ? "c: a count from 1 to \(threshold), or hidden to protect one (secondary suppression)." : "Suppression off: not for publication.",
            "Definitions: docs/definitions.md (\(definitionsVersion)).",
        ]
    }
}
