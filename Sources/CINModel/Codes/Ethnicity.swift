/// The 20 DfE ethnicity codes in the DfE's order, and their major groups.
/// Index 0..19 are the codes; `unknown` (20) is blank or any other value.
public enum Ethnicity {
    public static let list = CodeList(name: "ethnicity", entries: [
        ("WBRI", "White British"), ("WIRI", "White Irish"), ("WIRT", "Traveller of Irish heritage"),
        ("WOTH", "Any other White background"), ("WROM", "Gypsy/Roma"),
        ("MWBC", "White and Black Caribbean"), ("MWBA", "White and Black African"), ("MWAS", "White and Asian"),
        ("MOTH", "Any other mixed background"),
        ("AIND", "Indian"), ("APKN", "Pakistani"), ("ABAN", "Bangladeshi"), ("AOTH", "Any other Asian background"),
        ("BCRB", "Caribbean"), ("BAFR", "African"), ("BOTH", "Any other Black background"),
        ("CHNE", "Chinese"), ("OOTH", "Any other ethnic group"),
        ("REFU", "Refused"), ("NOBT", "Information not yet obtained"),
    ])
    public static let unknown: UInt8 = 20

    public static let groupNames = ["White", "Mixed", "Asian or Asian British", "Black or Black British",
                                    "Other ethnic groups", "Refused or not obtained", "Unknown"]
    /// Major group index (into `groupNames`) of an ethnicity index (0...20).
    public static func group(of ethnicity: UInt8) -> UInt8 {
        switch ethnicity {
        case 0...4: return 0
        case 5...8: return 1
        case 9...12: return 2
        case 13...15: return 3
        case 16...17: return 4
        case 18...19: return 5
        default: return 6
        }
    }
}
