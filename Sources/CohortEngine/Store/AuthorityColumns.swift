import CINModel

/// The authority dimension's columns: one per authority with children in the data, in order of
/// label, the unnamed authority (`Not given`) last. A pooled national file has ~150; a column index
/// is a byte, so beyond 255 the rest share a last column `Other authorities` (said in its label).
public struct AuthorityColumns: Sendable, Equatable {
    /// Column labels (`Authority.label`), without Total.
    public let labels: [String]
    /// The authorities of each column (one, or several in `Other authorities`).
    public let authorities: [[Authority]]
    /// Column of each `CensusData.authorities` entry (0 for one with no children: never read).
    let columnOfAuthority: [UInt8]

    public static let maxColumns = 255

    public init(data: CensusData) {
        var children = [Int](repeating: 0, count: data.authorities.count)
        for c in data.children where Int(c.authority) < children.count { children[Int(c.authority)] += 1 }
        var present = data.authorities.indices.filter { children[$0] > 0 }
        if present.isEmpty { present = [0] }  // no children: one column, so tables keep their shape
        present.sort { a, b in
            let x = data.authorities[a], y = data.authorities[b]
            if x.isUnnamed != y.isUnnamed { return y.isUnnamed }
            return x.label < y.label
        }
        var columnOf = [UInt8](repeating: 0, count: data.authorities.count)
        var labels: [String] = []
        var members: [[Authority]] = []
        for (k, a) in present.enumerated() {
            let column = min(k, AuthorityColumns.maxColumns - 1)
            columnOf[a] = UInt8(column)
            if column == labels.count {
                labels.append(data.authorities[a].label)
                members.append([data.authorities[a]])
            } else {
                members[column].append(data.authorities[a])
                labels[column] = "Other authorities (\(members[column].count))"
            }
        }
        self.labels = labels
        self.authorities = members
        self.columnOfAuthority = columnOf
    }

    /// The column of a child's authority.
    @inline(__always) func column(ofChild record: ChildRecord) -> UInt8 {
        let a = Int(record.authority)
        return a < columnOfAuthority.count ? columnOfAuthority[a] : 0
    }

    /// The column an authority given as a code or a name (as a user types it) falls in: by code,
    /// by name case-blind, or by its label.
    public func column(named text: String) -> Int? {
        let wanted = LocalAuthorityCodes.resolve(text)
        if let k = authorities.firstIndex(where: { $0.contains { $0.key == wanted.key } }) { return k }
        let lower = text.lowercased()
        return labels.firstIndex { $0.lowercased() == lower }
    }
}
