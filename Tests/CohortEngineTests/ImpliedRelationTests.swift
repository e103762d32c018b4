import Testing
import CINModel
@testable import CohortEngine

/// The relations between tables that the public definitions imply (docs/privacy.md, "Relations"):
/// each one, on a hand-built release, lets a reader recover a hidden cell that a model without it
/// would call protected; and the protection, which knows it, hides enough.
@Suite struct ImpliedRelationTests {
    typealias T = PublishedRelease.Table
    static let b = CohortDefinition.standard[1], c = CohortDefinition.standard[2]

    /// A published table of `dimension` with one row per cohort: {column: count}, nil for `c`; columns not
    /// named are 0.
    static func table(_ d: Dimension, _ rows: [(String, [String: Int?])]) -> T {
        T(name: d.rawValue, columns: d.columns, rowIDs: rows.map(\.0),
          cells: rows.map { row in d.columns.map { col in row.1[col] ?? 0 } })
    }

    static func range(_ audit: DisclosureAuditResult, _ table: String, _ cohort: String, _ column: String) -> ClosedRange<Int>? {
        guard let r = audit.ranges.first(where: { $0.table == table && $0.cohort == cohort && $0.column == column }),
              let hi = r.maximum else { return nil }
        return r.minimum...hi
    }

    @Test func maltreatmentColumnsAreFactorColumns() {
        // Cohort B of 20: the factor table prints 17A = 6 for B; the maltreatment table hides its 17A.
        // Definition 7: maltreatment 17A counts the children with factor 17A, the same 6. Without that
        // relation 17A could be anything from 1 to 20 (the maltreatment row's All).
        let factor = Self.table(.factor, [("B", ["All": 20, "4B": 20, "16A": 14, "17A": 6])])
        let maltreatment = Self.table(.maltreatment, [("B", ["All": 20, "16A": 14, "17A": nil])])
        let audit = DisclosureAudit.audit(PublishedRelease(tables: [factor, maltreatment], cohorts: [("B", Self.b.expression)]),
                                          protection: 5)
        #expect(Self.range(audit, "maltreatment", "B", "17A") == 6...6)
        // Alone, the maltreatment table leaves it open.
        let alone = DisclosureAudit.audit(PublishedRelease(tables: [maltreatment], cohorts: [("B", Self.b.expression)]), protection: 5)
        #expect(Self.range(alone, "maltreatment", "B", "17A") == 1...20)
    }

    @Test func physicalAbuseIsAnyOfItsThreeCodes() {
        // 18A (maltreatment) is the children with 18A, 18B or 18C: at least the largest, at most the sum.
        // Factor: 18A = 4, 18B = 3, 18C = 0 of B's 20, so maltreatment 18A lies in 4...7, 4 values: narrow.
        let factor = Self.table(.factor, [("B", ["All": 20, "4B": 20, "16A": 12, "18A": 4, "18B": 3])])
        let maltreatment = Self.table(.maltreatment, [("B", ["All": 20, "16A": 12, "18A": nil])])
        let audit = DisclosureAudit.audit(PublishedRelease(tables: [factor, maltreatment], cohorts: [("B", Self.b.expression)]),
                                          protection: 5)
        #expect(Self.range(audit, "maltreatment", "B", "18A") == 4...7)
    }

    @Test func cppStartedIsEveryCategoryButNoPlan() {
        // B of 316: outcomes print CPP started = 10; the CPP category table prints Physical abuse 7 and
        // hides Neglect (3) and No plan (306). A CPP started is a first plan with a category, so the
        // categories but No plan add up to 10: Neglect = 10 - 7 = 3 and No plan = 316 - 10 = 306.
        // Without it, Neglect + No plan = 309 leaves each anywhere in 1...308.
        let outcomes = Self.table(.outcomes, [("B", ["All": 316, "CPP started": 10, "Further referral": 50,
                                                      "Further assessment": 40, "None of these": 240])])
        let category = Self.table(.protectionCategory, [("B", ["Neglect": nil, "Physical abuse": 7, "No plan": nil, "Total": 316])])
        let audit = DisclosureAudit.audit(PublishedRelease(tables: [outcomes, category], cohorts: [("B", Self.b.expression)]),
                                          protection: 5)
        #expect(Self.range(audit, "cpp-category", "B", "No plan") == 306...306)
        #expect(Self.range(audit, "cpp-category", "B", "Neglect") == 3...3)
        let alone = DisclosureAudit.audit(PublishedRelease(tables: [category], cohorts: [("B", Self.b.expression)]), protection: 5)
        #expect(Self.range(alone, "cpp-category", "B", "No plan") == 1...308)
    }

    @Test func theCohortRulesForceAFactorOfEachChild() {
        // Cohorts B (4B or 5B) and C (B with 1B or 2B): parts P1 = B without C (32 children) and P2 = C (20).
        // Factor table: B: 4B 41, 5B 11, 3B 10, 1B 20; C: 4B 17, 5B hidden (3), 3B 5, 1B 20.
        // P1's 4B = 41 - 17 = 24, its 3B = 10 - 5 = 5, and P1 has no 1B or 2B (it is outside C).
        // Every child of B has 4B or 5B (the rule): P1: 24 + 5B(P1) >= 32, so 5B(P1) >= 8;
        // P2: 17 + 5B(P2) >= 20, so 5B(P2) >= 3. 5B(P1) + 5B(P2) = 11 gives 5B(P2) <= 3: C's 5B = 3 exactly.
        // Without the clause, only "every child has a factor" holds for P1 (24 + 5 + 5B(P1) >= 32, so
        // 5B(P1) >= 3), and C's 5B lies in 1...8.
        let factor = Self.table(.factor, [("B", ["All": 52, "4B": 41, "5B": 11, "3B": 10, "1B": 20]),
                                          ("C", ["All": 20, "4B": 17, "5B": nil, "3B": 5, "1B": 20])])
        let cohorts: [(id: String, rule: CohortExpression?)] = [("B", Self.b.expression), ("C", Self.c.expression)]
        let audit = DisclosureAudit.audit(PublishedRelease(tables: [factor], cohorts: cohorts), protection: 5)
        #expect(Self.range(audit, "factor", "C", "5B") == 3...3)
        let parts = CohortParts(cohorts: cohorts)
        // B without C: (4B or 5B); C: (4B or 5B) and (1B or 2B); as literals bit + 1.
        let bit = { (code: String) in (AssessmentFactor.bit(code)?.rawValue ?? 0).trailingZeroBitCount + 1 }
        let clauses = Set(parts.parts.map { Set($0.clauses.map { Set($0) }) })
        // The part outside B has neither 4B nor 5B: forced factors, no clause.
        #expect(clauses == [[], [[bit("4B"), bit("5B")]], [[bit("4B"), bit("5B")], [bit("1B"), bit("2B")]]])
    }

    @Test func aClauseWithANegativeLiteral() {
        // G = 7A or 8B, H = 7A and 8B: the part inside G but outside H has one of 7A and 8B and not both:
        // the clauses (7A or 8B) and (not 7A or not 8B), the second with negative literals
        // (count(7A) + count(8B) <= size, as (size - 7A) + (size - 8B) >= size).
        let g: CohortExpression = .or(.factor("7A"), .factor("8B")), h: CohortExpression = .and(.factor("7A"), .factor("8B"))
        let parts = CohortParts(cohorts: [("G", g), ("H", h)])
        let b7 = (AssessmentFactor.bit("7A")?.rawValue ?? 0).trailingZeroBitCount + 1
        let b8 = (AssessmentFactor.bit("8B")?.rawValue ?? 0).trailingZeroBitCount + 1
        let gOnly = parts.parts.first { $0.membership == 0b01 }
        #expect(Set((gOnly?.clauses ?? []).map { Set($0) }) == [[b7, b8], [-b7, -b8]])
    }

    @Test func aPercentageBesideAHiddenCountBoundsIt() {
        // Population 1,000 printed; C hidden with its percentage 0.8 printed: 100 C / 1000 rounds to 0.8,
        // so C lies in 7.5...8.5: C = 8 exactly.
        let summary = T(name: "summary", columns: ["children"], rowIDs: ["B", "C"], cells: [[300], [nil]], percents: [30.0, 0.8])
        let audit = DisclosureAudit.audit(PublishedRelease(tables: [summary], population: .shown(1000),
                                                           cohorts: [("B", Self.b.expression), ("C", Self.c.expression)]),
                                          protection: 5)
        #expect(Self.range(audit, "summary", "C", "children") == 8...8)
    }

    @Test func theProtectionHidesWhatTheRelationsWouldGiveAway() {
        // The CPP example with true counts: protected, the release audits clean under every relation.
        func counts(_ d: Dimension, _ v: [String: Int]) -> CohortTable {
            CohortTable(name: d.rawValue, dimension: d, rows: [.init(id: "B", label: "")], columns: d.columns,
                        counts: [d.columns.map { col in col == "Total" || col == "All" ? 316 : v[col] ?? 0 }], population: 316,
                        totalColumn: d.isMultiValued ? nil : d.columns.count - 1, allColumn: d.isMultiValued ? 0 : nil)
        }
        let tables = [counts(.outcomes, ["CPP started": 10, "Further referral": 50, "Further assessment": 40, "None of these": 240]),
                      counts(.protectionCategory, ["Neglect": 3, "Physical abuse": 7, "No plan": 306])]
        let r = ReleaseProtection.protect(tables: tables, cohorts: [Self.b], population: 316, threshold: 5)
        let view = DisclosureTests.readerView(r, cohorts: [Self.b])
        #expect(DisclosureAudit.audit(view, protection: 5).isClean)
        // Neglect (3) is primary; Physical abuse (7) goes with it, and so must CPP started (10) or No plan.
        #expect(r.tables[1].isHidden(0, 0) && r.tables[1].isHidden(0, 1))
    }
}
