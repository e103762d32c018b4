import CINModel

/// A narrowing of the population: what the explorer's drill-down and factor toggles build.
/// Conditions combine with AND; `values` within one dimension condition combine with OR.
public struct Filter: Hashable, Sendable {
    public var requiredFactors: FactorSet = []
    public var excludedFactors: FactorSet = []
    /// Cohort ids a child must belong to (all of them).
    public var cohorts: [String] = []
    public var dimensions: [DimensionCondition] = []

    public struct DimensionCondition: Hashable, Sendable {
        public var dimension: Dimension
        /// Indices into `dimension.values`.
        public var values: Set<Int>
        /// Labels of `values` for a dimension whose values come from the data (authority), so that
        /// the filter can say what it selects without the engine.
        public var valueLabels: [Int: String]
        public init(dimension: Dimension, values: Set<Int>, valueLabels: [Int: String] = [:]) {
            self.dimension = dimension; self.values = values; self.valueLabels = valueLabels
        }

        /// The label of value `v`, if it has one.
        public func label(_ v: Int) -> String? {
            if let l = valueLabels[v] { return l }
            return dimension.values.indices.contains(v) ? dimension.values[v] : nil
        }
    }

    public init(requiredFactors: FactorSet = [], excludedFactors: FactorSet = [], cohorts: [String] = [],
                dimensions: [DimensionCondition] = []) {
        self.requiredFactors = requiredFactors; self.excludedFactors = excludedFactors
        self.cohorts = cohorts; self.dimensions = dimensions
    }

    public static let none = Filter()
    public var isEmpty: Bool { requiredFactors.isEmpty && excludedFactors.isEmpty && cohorts.isEmpty && dimensions.isEmpty }

    /// Human-readable, for headers and export comments: `4B required; 5B excluded; cohort B; age band = 1-4`.
    public var description: String {
        var parts: [String] = []
        if !requiredFactors.isEmpty { parts.append("factors required: " + requiredFactors.codes.joined(separator: ",")) }
        if !excludedFactors.isEmpty { parts.append("factors excluded: " + excludedFactors.codes.joined(separator: ",")) }
        for c in cohorts { parts.append("cohort \(c)") }
        for d in dimensions {
            let names = d.values.sorted().compactMap { d.label($0) }
            parts.append("\(d.dimension.title) = \(names.joined(separator: " or "))")
        }
        return parts.isEmpty ? "none" : parts.joined(separator: "; ")
    }
}
