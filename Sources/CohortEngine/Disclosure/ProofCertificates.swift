/// Points of a release's model that prove hidden cells protected, kept from one custom cohort's step to the
/// next and for the writer's audit (docs/privacy.md, "Certificates").
///
/// A proof that a hidden cell's range spans `needed` is two integer points of the reader's model whose values
/// of the cell lie `needed` apart. With the true counts of every unknown known (`PartSizes.values`), the true
/// counts are one point; a point found by any search, on any model, is another once it is *verified* to meet
/// every constraint of the model asked (`ModelPoints.verify`: linear in the point's change, no solver).
/// How a point was found does not matter to its soundness; only the verification does.
///
/// A point is kept as its change from the true counts, named by keys that do not depend on a model's
/// numbering (a part by the cohorts it lies in), so that it can be *lifted* to the model of more cohorts:
/// each part of the smaller model is a union of parts of the larger, and the part's whole change is put in
/// one of them (`ModelPoints.lift`). Lifted, it is verified again on the larger model; one that fails proves
/// nothing, and the cell is asked of a solver as before.
public struct ProofCertificates: Sendable, Equatable {
    /// What an unknown counts, in any model of the same tables.
    public enum Key: Hashable, Sendable {
        /// The children of the part that lies in exactly these cohorts (of the model's).
        case size(Set<String>)
        /// The part's children with value `value` of a family (a dimension's name).
        case value(Set<String>, String, Int)
        /// The population.
        case population
        /// A column related to nothing: table name, row id, column.
        case free(String, String, Int)
    }

    /// One point of the model of `cohorts`: its change from the true counts (keys absent: no change).
    public struct Point: Sendable, Equatable {
        public var cohorts: Set<String>
        public var change: [Key: Int]
    }

    public var points: [Point] = []

    public init(points: [Point] = []) { self.points = points }
}
