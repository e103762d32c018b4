/// The smaller code lists. Index 0 of each is "not given"; a value outside the list is
/// reported and stored as 0.
public enum Gender {
    /// GenderCurrent (to 2023-24) and Sex (from 2024-25) read into one list.
    public static let list = CodeList(name: "gender", entries: [
        ("", "Not given"), ("1", "Male"), ("2", "Female"), ("0", "Not recorded or unborn"), ("9", "Indeterminate"),
    ])
    /// Sex codes M/F/U map onto the GenderCurrent entries.
    public static func index(of raw: String) -> UInt8? {
        switch raw {
        case "1", "M", "m": return 1
        case "2", "F", "f": return 2
        case "0": return 3
        case "9", "U", "u": return 4
        default: return nil
        }
    }
    public static let names = ["Male", "Female", "Not recorded or unborn", "Indeterminate", "Unknown"]
    /// The later value when an earlier return's 0 (not recorded or unborn) becomes 1, 2 or 9 in a
    /// later one: a birth, not a conflict. Nil for any other pair (stored indexes).
    public static func birth(earlier: UInt8, later: UInt8) -> UInt8? {
        earlier == 3 && (later == 1 || later == 2 || later == 4) ? later : nil
    }
    /// Dimension value (index into `names`) of a stored gender index.
    public static func dimensionValue(_ stored: UInt8) -> UInt8 {
        switch stored { case 1: return 0; case 2: return 1; case 3: return 2; case 4: return 3; default: return 4 }
    }
}

public enum Disability {
    public static let list = CodeList(name: "disability", entries: [
        ("NONE", "No disability"), ("MOB", "Mobility"), ("HAND", "Hand function"), ("PC", "Personal care"),
        ("INC", "Incontinence"), ("COMM", "Communication"), ("LD", "Learning"), ("HEAR", "Hearing"),
        ("VIS", "Vision"), ("BEH", "Behaviour"), ("CON", "Consciousness"), ("AUT", "Autism"), ("DDA", "Other"),
    ])
}

public enum ReferralSource {
    public static let list = CodeList(name: "referral source", entries: [
        ("", "Not given"), ("1A", "Individual: family"), ("1B", "Individual: acquaintance"), ("1C", "Individual: self"),
        ("1D", "Individual: other"), ("2A", "Schools"), ("2B", "Education services"), ("3A", "Health: GP"),
        ("3B", "Health: health visitor"), ("3C", "Health: school nurse"), ("3D", "Health: other primary"),
        ("3E", "Health: A&E"), ("3F", "Health: other"), ("4", "Housing"), ("5A", "LA: social care"),
        ("5B", "LA: other internal"), ("5C", "LA: external"), ("5D", "LA: early help"), ("6", "Police"),
        ("7", "Other legal agency"), ("8", "Other"), ("9", "Anonymous"), ("10", "Unknown"),
    ])
}

public enum ReasonForClosure {
    public static let list = CodeList(name: "reason for closure", entries: [
        ("", "Not given"), ("RC1", "Adopted"), ("RC2", "Died"), ("RC3", "Child arrangements order"),
        ("RC4", "Special guardianship order"), ("RC5", "Transferred to another LA"),
        ("RC6", "Transferred to adult social care"), ("RC7", "Services ceased"), ("RC8", "Closed after assessment, NFA"),
        ("RC9", "Closed after assessment, early help"),
    ])
}

public enum CategoryOfAbuse {
    public static let list = CodeList(name: "category of abuse", entries: [
        ("", "Not given"), ("NEG", "Neglect"), ("PHY", "Physical abuse"), ("SAB", "Sexual abuse"),
        ("EMO", "Emotional abuse"), ("MUL", "Multiple"),
    ])
}
