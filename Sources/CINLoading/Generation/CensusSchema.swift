import CINModel

/// What the CIN census schema of one collection year allows, as far as the generator needs to know, and
/// which of the project's XSDs (Social Finance's reconstructions, `Tests/CINModelTests/Fixtures/xsd/`)
/// checks a return of that year. Collection year Y runs from 1 April Y-1 to 31 March Y.
struct CensusSchema: Sendable, Equatable {
    let collectionYear: Int

    init(collectionYear: Int) { self.collectionYear = collectionYear }

    /// The XSD file a return of this year is validated against. liiatools ships no schema before 2016-17,
    /// so the earlier returns (which the generator writes in the same layout) are checked against 2017's;
    /// 2017's also covers 2017-18 to 2019-20 (liiatools' 2018-2020 files are byte-identical to it), and
    /// 2023's covers 2023-24 (identical to liiatools' 2024). 2024-25 and later use the liia-tools-pipeline
    /// schemas.
    var xsdFile: String {
        switch collectionYear {
        case ...2020: return "liiatools-0.2.0_CIN_schema_2017.xsd"
        case 2021: return "liiatools-0.2.0_CIN_schema_2021.xsd"
        case 2022: return "liiatools-0.2.0_CIN_schema_2022.xsd"
        case 2023, 2024: return "liiatools-0.2.0_CIN_schema_2023.xsd"
        case 2025: return "liiatools-pipeline_CIN_schema_2025.xsd"
        default: return "liiatools-pipeline_CIN_schema_2026.xsd"
        }
    }

    /// `CINPlanDates` entered the return in 2021-22.
    var hasCINPlanDates: Bool { collectionYear >= 2022 }
    /// Physical and sexual abuse were split by perpetrator (18B/18C, 19B/19C, replacing 18A/19A) in 2020-21.
    var splitAbuseFactors: Bool { collectionYear >= 2021 }
    /// From 2024-25 `Sex` (M/F/U) replaces `GenderCurrent`, and yes/no items are 1/0.
    var usesSex: Bool { collectionYear >= 2025 }

    /// A yes/no value as this year's schema writes it.
    func flag(_ value: Bool) -> String {
        usesSex ? (value ? "1" : "0") : (value ? "true" : "false")
    }

    /// The child's gender code (GenderCurrent 0/1/2/9) as this year's schema writes it: from 2024-25 the
    /// Sex codes M, F and U (U for not known, indeterminate and unborn).
    func gender(_ code: String) -> String {
        guard usesSex else { return code }
        switch code { case "1": return "M"; case "2": return "F"; default: return "U" }
    }

    /// The collection year a date falls in.
    static func collectionYear(of day: Day) -> Int {
        let c = day.components
        return c.month >= 4 ? c.year + 1 : c.year
    }
}
