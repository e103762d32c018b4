/// The three rules every published number follows, each written once.
extension Publication {
    /// The DfE's primary rule: a count from 1 to the threshold is hidden. 0 is a true zero, and
    /// threshold 0 (suppression off) hides nothing.
    public static func isSmall(_ n: Int, threshold: Int) -> Bool { threshold > 0 && n >= 1 && n <= threshold }

    /// Cohorts A (not 4B or 5B) and B (4B or 5B) divide the population between them
    /// (docs/definitions.md, 3): their sum in a column is the column's base for a column percentage.
    public static let populationCohorts = ["A", "B"]

    /// The indices of the population's cohorts among `ids`; nil unless both are there.
    public static func populationRows(_ ids: [String]) -> [Int]? {
        let rows = populationCohorts.compactMap { id in ids.firstIndex(of: id) }
        return rows.count == populationCohorts.count ? rows : nil
    }

    /// 100 n / base in tenths of a percent, rounded half up on the exact fraction (1 of 16, 6.25%,
    /// is 6.3%): integers throughout, so no binary fraction decides a tie. nil without a base.
    public static func percentTenths(_ n: Int, of base: Int) -> Int? {
        guard base > 0 else { return nil }
        // floor(1000 n / base + 1/2), exactly.
        return (2000 * n + base) / (2 * base)
    }

    /// Tenths of a percent with one decimal: 63 is "6.3".
    public static func percentText(tenths t: Int) -> String { "\(t / 10).\(t % 10)" }

    /// A percentage as printed, as a number (what a reader of the printed text knows).
    public static func printedPercent(_ n: Int, of base: Int) -> Double? { percentTenths(n, of: base).map { Double($0) / 10 } }
}
