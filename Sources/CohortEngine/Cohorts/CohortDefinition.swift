/// A named cohort: a rule over the first assessment's factors. The FOI's A-E are data, built here.
public struct CohortDefinition: Hashable, Sendable {
    public var id: String
    public var label: String
    public var expression: CohortExpression

    public init(id: String, label: String, expression: CohortExpression) {
        self.id = id; self.label = label; self.expression = expression
    }

    /// Definition 4 (docs/definitions.md). A and B partition the population; C, D, E lie inside B.
    public static let standard: [CohortDefinition] = {
        let b: CohortExpression = .or(.factor("4B"), .factor("5B"))
        let drink: CohortExpression = .or(.factor("1B"), .factor("2B"))
        return [
            CohortDefinition(id: "A", label: "without 4B or 5B", expression: .not(b)),
            CohortDefinition(id: "B", label: "4B or 5B", expression: b),
            CohortDefinition(id: "C", label: "4B/5B with 1B or 2B", expression: .and(b, drink)),
            CohortDefinition(id: "D", label: "4B/5B with 3B", expression: .and(b, .factor("3B"))),
            CohortDefinition(id: "E", label: "4B/5B with 3B and 1B or 2B", expression: .and(.and(b, .factor("3B")), drink)),
        ]
    }()
}
