import CINModel
import CohortEngine

/// The DfE's name for a column's code, for the legend line under the table: N1 "Abuse or neglect",
/// WIRT "Traveller of Irish heritage", 16A "Neglect".
enum ColumnNames {
    static func name(of column: String, in dimension: Dimension?) -> String? {
        switch column {
        case "Total": return "every child of the cohort"
        case "All": return "the cohort's size (a child counts in each column that applies)"
        case "Unknown": return dimension == .need ? "an episode of need with no or an unknown need code" : "not recorded or not a DfE code"
        case "None": return "no episode of need in the follow-up window"
        case "Children": return "children in the cohort"
        case "% of pop.": return "share of the population"
        case "% of selected": return "share of the children the filters select"
        case "Top need": return "the most common primary need (N0-N9) in the follow-up"
        default: break
        }
        if let i = Maltreatment.labels.firstIndex(of: column), dimension == nil || dimension == .maltreatment {
            let codes = column == "18A" ? "18A/B/C" : column == "19A" ? "19A/B/C" : column
            return "\(Maltreatment.names[i]) (factor \(codes) on the first assessment)"
        }
        if let g = Ethnicity.groupNames.firstIndex(of: column), column != "Unknown" {
            let codes = (0..<Ethnicity.list.count).filter { Int(Ethnicity.group(of: UInt8($0))) == g }.map { Ethnicity.list.codes[$0] }
            return "ethnic group of " + codes.joined(separator: ", ")
        }
        switch (dimension, column) {
        case (.ageBand?, "Unborn"): return "not born at the assessment's start (or an expected birth date only)"
        case (.ageBand?, "Under 1"), (.ageBand?, "1-4"), (.ageBand?, "5-9"), (.ageBand?, "10-15"), (.ageBand?, "16+"):
            return "age in completed years at the first assessment's start"
        case (.gender?, "Not recorded or unborn"): return "gender 0: not recorded, or unborn"
        case (.gender?, "Indeterminate"): return "gender 9: indeterminate"
        case (.outcomes?, _): return "in the follow-up window: \(column.lowercased()) (a child counts in each that applies)"
        case (.protectionCategory?, _): return "initial category of the first child protection plan in the window: \(column)"
        default: break
        }
        for list in [PrimaryNeed.list, Ethnicity.list, AssessmentFactor.list] {
            if let i = list.codes.firstIndex(of: column) { return list.labels[i] }
        }
        return nil
    }
}
