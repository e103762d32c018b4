/// A table cinx publishes: the cohort sizes, cohorts by one dimension, or cohorts by reporting year.
/// The one place a table's name (`--table`, file names, release manifests) is spelled.
public enum ReportTable: Hashable, Sendable, CaseIterable {
    case summary
    case dimension(Dimension)
    case trend

    public static var allCases: [ReportTable] { [.summary] + Dimension.allCases.map { .dimension($0) } + [.trend] }

    /// The FOI's tables, in the order of its questions (`--table all`).
    public static let foi: [ReportTable] = [.summary, .dimension(.ageBand), .dimension(.ethnicity), .dimension(.ethnicGroup),
                                            .dimension(.maltreatment), .dimension(.need)]

    /// Every table protected together for one year and filter (the trend is protected year by year).
    public static let scope: [ReportTable] = [.summary] + Dimension.allCases.map { .dimension($0) }

    /// As `--table` and file names spell it: `summary`, `age`, `ethnic-group`, `trend`, ...
    public var name: String {
        switch self {
        case .summary: return "summary"
        case .dimension(let d): return d.rawValue
        case .trend: return "trend"
        }
    }

    /// The table a name spells; nil for a name that is none (never a default table).
    public init?(name: String) {
        if let t = ReportTable.allCases.first(where: { $0.name == name }) { self = t } else { return nil }
    }

    public var title: String {
        switch self {
        case .summary: return "Cohort sizes"
        case .dimension(let d): return "Cohort by " + d.title
        case .trend: return "Cohorts by reporting year"
        }
    }
}
