import CINModel

/// The analysis engine: loaded data, settings, the columnar index, the cohort list and each
/// child's cohort membership bits. Queries are pure functions of these; the UI calls them on
/// every keystroke.
public struct CohortEngine: Sendable {
    public let data: CensusData
    public private(set) var settings: AnalysisSettings
    public private(set) var index: CohortIndex
    public private(set) var cohorts: [CohortDefinition]
    /// Bit k set when population member i is in cohorts[k] (at most 32 cohorts).
    public private(set) var membership: [UInt32]
    /// The authority dimension's columns (the authorities in the data).
    public let authorityColumns: AuthorityColumns
    /// Indexes of other reporting years, from the every-year build or a trend, with their cohort bits
    /// (for a trend or a change of year).
    let yearIndexes: YearIndexCache
    public static let maxCohorts = 32

    /// - Parameter indexEveryYear: build the index of every year the returns cover now, in the one
    ///   pass that builds the current year's (for the explorer and the trend, which read them all;
    ///   a run that reads one year keeps the memory: ~60 MB at 1.8M children).
    public init(data: CensusData, settings: AnalysisSettings = AnalysisSettings(),
                cohorts: [CohortDefinition] = CohortDefinition.standard, indexEveryYear: Bool = false) {
        self.data = data
        self.authorityColumns = AuthorityColumns(data: data)
        self.settings = settings
        let yearIndexes = YearIndexCache()
        self.yearIndexes = yearIndexes
        self.index = indexEveryYear
            ? CohortEngine.indexingEveryYear(data: data, settings: settings, authorityColumns: authorityColumns, cache: yearIndexes)
            : CohortIndex(data: data, settings: settings, authorityColumns: authorityColumns)
        self.cohorts = Array(cohorts.prefix(CohortEngine.maxCohorts))
        self.membership = []
        // The every-year build works out every kept year's cohort bits, the current year's among them.
        if indexEveryYear { yearIndexes.storeMemberships(cohorts: self.cohorts) }
        takeMembership()
    }

    /// The index of `settings`, with every other covered year's built in the same pass over the
    /// children (`YearIndexBuilder`, on every core) and kept: a trend or a change of year then counts
    /// at once instead of first reading every child's history again (at 1.8M children that read is
    /// most of a cold trend's time; docs/performance.md).
    private static func indexingEveryYear(data: CensusData, settings: AnalysisSettings, authorityColumns: AuthorityColumns,
                                      cache: YearIndexCache) -> CohortIndex {
        guard let covered = AnalysisSettings.coveredYears(returnYears: data.returnYears), covered.count > 1,
              covered.contains(settings.year) else {
            return CohortIndex(data: data, settings: settings, authorityColumns: authorityColumns)
        }
        let years = Array(covered)
        let built = YearIndexBuilder.build(data: data, years: years, reading: settings, authorityColumns: authorityColumns)
        cache.store(built)
        return built.first { $0.settings == settings } ?? CohortIndex(data: data, settings: settings, authorityColumns: authorityColumns)
    }

    /// Re-runs the index when year, follow-up or need rule change (taking a kept year's index, and
    /// its cohort bits when they were made for these cohorts, from the cache).
    public mutating func apply(settings new: AnalysisSettings) {
        guard new != settings else { return }
        settings = new
        index = yearIndexes.index(for: new) ?? CohortIndex(data: data, settings: new, authorityColumns: authorityColumns)
        takeMembership()
    }

    public enum CohortError: Error, Equatable, CustomStringConvertible {
        case duplicateName(String), tooMany
        public var description: String {
            switch self {
            case .duplicateName(let n): return "a cohort named \(n) already exists"
            case .tooMany: return "at most \(CohortEngine.maxCohorts) cohorts"
            }
        }
    }

    public mutating func addCohort(_ c: CohortDefinition) throws(CohortError) {
        guard !cohorts.contains(where: { $0.id == c.id }) else { throw .duplicateName(c.id) }
        guard cohorts.count < CohortEngine.maxCohorts else { throw .tooMany }
        cohorts.append(c)
        let bit = UInt32(1) << UInt32(cohorts.count - 1)
        let added = CohortMembership([c])
        for i in 0..<index.count where added.bits(index.factors[i]) != 0 { membership[i] |= bit }
    }

    /// Puts back a list of cohorts as it was (undo).
    public mutating func replaceCohorts(_ list: [CohortDefinition]) {
        guard list != cohorts else { return }
        cohorts = Array(list.prefix(CohortEngine.maxCohorts))
        recomputeMembership()
    }

    public mutating func removeCohort(id: String) {
        cohorts.removeAll { $0.id == id }
        recomputeMembership()
    }

    /// The current index's cohort bits: kept ones when they were made for these cohorts, else made.
    private mutating func takeMembership() {
        if let kept = yearIndexes.membership(for: settings, cohorts: cohorts) { membership = kept } else { recomputeMembership() }
    }

    private mutating func recomputeMembership() {
        let rules = CohortMembership(cohorts)
        membership = index.factors.map { rules.bits($0) }
    }

    public var populationSize: Int { index.count }

    /// A dimension's value labels, without Total/All: the fixed list, or for authority the
    /// authorities in the data.
    public func labels(of d: Dimension) -> [String] { d.valuesFromData ? authorityColumns.labels : d.values }

    /// A dimension's columns as tables print them.
    public func columns(of d: Dimension) -> [String] {
        let values = labels(of: d)
        return d.isMultiValued ? ["All"] + values : values + ["Total"]
    }

    /// The label of value `v` of `d`, if it has one.
    public func label(_ d: Dimension, _ v: Int) -> String? {
        let labels = self.labels(of: d)
        return labels.indices.contains(v) ? labels[v] : nil
    }

    /// The filter with every data-valued condition (authority) labelled, as protection and
    /// headers need it.
    public func labelled(_ f: Filter) -> Filter {
        var out = f
        for i in out.dimensions.indices where out.dimensions[i].dimension.valuesFromData {
            out.dimensions[i] = condition(out.dimensions[i].dimension, values: out.dimensions[i].values)
        }
        return out
    }

    /// A filter condition selecting values `values` of `d`, labelled for display.
    public func condition(_ d: Dimension, values: Set<Int>) -> Filter.DimensionCondition {
        guard d.valuesFromData else { return .init(dimension: d, values: values) }
        let labels = self.labels(of: d)
        return .init(dimension: d, values: values,
                     valueLabels: Dictionary(uniqueKeysWithValues: values.filter { labels.indices.contains($0) }.map { ($0, labels[$0]) }))
    }
    public func cohortPosition(id: String) -> Int? { cohorts.firstIndex { $0.id == id } }
}

extension CohortEngine {
    /// The children of the current year's population in each combination of cohort memberships (the true
    /// sizes of the disclosure model's parts; never published: `PartSizes`).
    /// With each group's counts in every value of every dimension (one pass over the population): the true
    /// value of every unknown of a release's model, kept with the protection's certificates (docs/privacy.md).
    public func partSizes() -> PartSizes {
        var byMask: [UInt32: Int] = [:]
        for m in membership { byMask[m, default: 0] += 1 }
        let dimensions = Dimension.allCases
        let widths = dimensions.map { labels(of: $0).count }
        var offsets: [Int] = []
        var total = 0
        for w in widths { offsets.append(total); total += w }
        // One row of `total` counts per combination of memberships, in one flat array.
        var slot: [UInt32: Int] = [:]
        for m in byMask.keys { slot[m] = slot.count }
        var flat = [Int](repeating: 0, count: slot.count * total)
        let columns = dimensions.map { index.column($0) }
        for i in membership.indices {
            guard let row = slot[membership[i]] else { continue }
            let base = row * total
            for (k, d) in dimensions.enumerated() {
                if let col = columns[k] {
                    let v = Int(col[i])
                    if v < widths[k] { flat[base + offsets[k] + v] += 1 }
                } else if d.isMultiValued {
                    var b = index.valueBits(d, i)
                    while b != 0 {
                        let v = b.trailingZeroBitCount
                        b &= b - 1
                        if v < widths[k] { flat[base + offsets[k] + v] += 1 }
                    }
                }
            }
        }
        var counts: [Set<String>: Int] = [:]
        var values: [Set<String>: [String: [Int]]] = [:]
        for (mask, n) in byMask {
            let ids = Set(cohorts.indices.filter { mask & (UInt32(1) << UInt32($0)) != 0 }.map { cohorts[$0].id })
            counts[ids, default: 0] += n
            for (k, d) in dimensions.enumerated() {
                let add = slot[mask].map { Array(flat[($0 * total + offsets[k])..<($0 * total + offsets[k] + widths[k])]) } ?? []
                var sum = values[ids]?[d.rawValue] ?? [Int](repeating: 0, count: widths[k])
                for v in add.indices where sum.indices.contains(v) { sum[v] += add[v] }
                values[ids, default: [:]][d.rawValue] = sum
            }
        }
        return PartSizes(counts: counts, values: values)
    }
}
