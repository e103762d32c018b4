/// A closed list of census codes with their labels. A code's position in `codes` is its
/// small-integer identity in the model (index 0 is reserved for "unknown / not given"
/// by the lists that need it, see each list).
public struct CodeList: Sendable {
    public let name: String
    public let codes: [String]
    public let labels: [String]
    private let lookup: [String: Int]

    public init(name: String, entries: [(String, String)]) {
        self.name = name
        self.codes = entries.map(\.0)
        self.labels = entries.map(\.1)
        var table: [String: Int] = [:]
        for (i, e) in entries.enumerated() { table[e.0] = i }
        self.lookup = table
    }

    /// The index of `code`, or nil when the code is not in the list.
    public func index(of code: String) -> Int? { lookup[code] }
    public var count: Int { codes.count }
    public func label(of index: Int) -> String { labels.indices.contains(index) ? labels[index] : "" }
}
