/// Primary need codes N0..N9; index i is code "Ni". `unknown` (10) is blank or unreadable.
public enum PrimaryNeed {
    public static let list = CodeList(name: "primary need", entries: [
        ("N0", "Not stated"), ("N1", "Abuse or neglect"), ("N2", "Child's disability"),
        ("N3", "Parental disability or illness"), ("N4", "Family in acute stress"), ("N5", "Family dysfunction"),
        ("N6", "Socially unacceptable behaviour"), ("N7", "Low income"), ("N8", "Absent parenting"),
        ("N9", "Cases other than children in need"),
    ])
    public static let unknown: UInt8 = 10
}
