import CINModel

/// A release as linear relations over unknown non-negative integers: what an attacker holding every
/// table of the release can write down (docs/privacy.md, "The model").
///
/// Unknowns: each disjoint part's size, and each part's count in each value of each dimension.
/// Every published cell is a sum of unknowns; a single-valued dimension's counts of a part add up
/// to the part's size; a multi-valued column of a part lies between 0 and its size; the summary's
/// percentages bound the population. Tables are linked through the part sizes they share, and the
/// ethnic-group table through the ethnicity codes it sums. Nothing else links two dimensions'
/// counts of the same children, so no attacker can derive a relation beyond these.
struct ReleaseModel {
    struct Cell {
        var table: Int
        var row: Int
        var column: Int
        /// Unknowns summed (coefficient 1 each).
        var terms: [Int]
        /// The published count, nil when hidden.
        var published: Int?
        /// The count is 0 whatever the data (a cohort or value the filter rules out).
        var structuralZero: Bool
        /// Which of the releases read together it belongs to (0: the first).
        var release = 0
    }
    struct Relation {
        var terms: IntegerProgram.Terms
        var lower: Double?
        var upper: Double?
        init(terms: IntegerProgram.Terms, lower: Double?, upper: Double?, whilePublished: [Int] = []) {
            self.terms = terms; self.lower = lower; self.upper = upper; self.whilePublished = whilePublished
        }
        /// Binds only while these cells are published (a percentage: its count and the population).
        var whilePublished: [Int] = []
    }

    var unknownCount = 0
    var upperBounds: [Double?] = []
    /// The part each unknown counts children of (nil for free columns).
    var partOfUnknown: [Int?] = []
    /// Each part's size unknown.
    private(set) var partSizeUnknowns: [Int] = []
    var relations: [Relation] = []
    /// The population (the sum of the population's parts' sizes) as an unknown of its own: the
    /// percentages are relations on it, so that a solver that knows it (`ReleaseSolver`'s `fixed`) reads
    /// them as bounds on their counts, with whole coefficients (fractional ones made every vertex
    /// fractional, and every range an integer search).
    private(set) var populationUnknown = -1
    /// The percentages' relations that bind while their count is published: implied by the count and
    /// the population when both are known (a solver that knows the population leaves them out).
    private(set) var percentRelations: [Int] = []
    var cells: [Cell] = []
    /// The terms of every cell and relation: the size of the model as a reader of it reads it (`SolverWork.charge`).
    var termCount: Int { cells.reduce(0) { $0 + $1.terms.count } + relations.reduce(0) { $0 + $1.terms.count } }
    var parts: CohortParts
    /// Each table's row ids (cohorts), by table index.
    internal(set) var tableRows: [[String]] = []
    func rowIDs(table: Int) -> [String] { tableRows.indices.contains(table) ? tableRows[table] : [] }

    var partSize: [Int] = []
    /// family name -> [part][value] unknowns
    var families: [String: [[Int]]] = [:]
    /// Two readings of a choice of membership read together (`init(membership:)`): what the second release's
    /// tables read otherwise than the first's.
    var membership: MembershipReadings.Layout?
    /// Per unknown of a family, its family and value (nil for sizes, the population and free columns):
    /// what names an unknown across models of different cohorts (`ModelPoints`).
    private(set) var unknownFamily: [(family: String, value: Int)?] = []
    /// Free columns' unknowns -> the cell that is their only term.
    private(set) var freeUnknownCell: [Int: Int] = [:]
    /// Each table's name, by table index.
    internal(set) var tableNames: [String] = []

    init(_ release: PublishedRelease) { self.init(releases: [release]) }

    /// The conditions of a filter each part meets or fails: every part meets all of a single release's
    /// filter; read with the standard release, a filtered release's parts are split by them.
    var partConditions: [[(condition: Filter.DimensionCondition, met: Bool)]] = []
    /// Per release read together, its cohort ids as cohorts of `parts` (empty: the ids are the same).
    internal(set) var cohortKeys: [[String: String]] = []
    /// Per part, the releases it counts in.
    internal(set) var partScope: [[Bool]] = []
    /// Each release's population as an unknown (the first is `populationUnknown`).
    private(set) var populationUnknowns: [Int] = []
    /// The population unknown each percentage relation is on.
    private(set) var percentPopulation: [Int: Int] = [:]

    /// Releases of the same children read together, as a reader holding all of them reads them:
    /// `releases[0]` the standard (unfiltered) release, `releases[1]` (optional) a filtered release of
    /// the same cohorts. The filtered release counts a part of each cohort part: the population's parts
    /// are split by the filter's factor and cohort conditions (which part of the rules' enumeration) and
    /// by each of its value conditions (met or not), so that every standard cell is its filtered cell
    /// plus the rest, both at least 0 and each the sum of its own unknowns (docs/privacy.md, "A filtered
    /// release read with the standard one").
    init(releases: [PublishedRelease]) {
        let base = releases[0]
        if releases.count > 1 {
            let split = ReleaseModel.splitParts(releases: releases)
            parts = split.parts; partScope = split.scope; partConditions = split.conditions; cohortKeys = split.cohortKeys
        } else {
            parts = CohortParts(cohorts: base.cohorts, filter: base.filter)
            partScope = parts.parts.map { _ in [true] }
            partConditions = parts.parts.map { _ in base.filter.dimensions.map { ($0, true) } }
        }
        assemble(releases)
    }

    /// The unknowns, cells and relations of `releases` over `parts` (set, with their scope and conditions).
    mutating func assemble(_ releases: [PublishedRelease]) {
        partSize = parts.parts.indices.map { newUnknown(upper: nil, part: $0) }
        partSizeUnknowns = partSize
        for k in releases.indices {
            let u = newUnknown(upper: nil)
            populationUnknowns.append(u)
            let inScope = parts.populationParts.filter { partScope[$0][k] }
            relations.append(Relation(terms: [(u, 1)] + inScope.map { (partSize[$0], -1) }, lower: 0, upper: 0))
        }
        populationUnknown = populationUnknowns[0]
        var tableOffset = 0
        for (k, release) in releases.enumerated() {
            add(release, index: k, tableOffset: tableOffset)
            tableOffset += release.tables.count
        }
        linkFamilies()
        for (k, release) in releases.enumerated() {
            if case .notPublished = release.population { continue }
            let value: Int? = { if case .shown(let n) = release.population { return n }; return nil }()
            let terms = parts.populationParts.filter { partScope[$0][k] }.map { partSize[$0] }
            cells.append(Cell(table: -1, row: k, column: 0, terms: terms, published: value, structuralZero: terms.isEmpty, release: k))
            // Percentages are printed only while the population is (a hidden population hides them all).
            for r in percentRelations where percentPopulation[r] == populationUnknowns[k] { relations[r].whilePublished.append(cells.count - 1) }
        }
    }

    /// The cells of one release, its tables numbered from `tableOffset`.
    private mutating func add(_ release: PublishedRelease, index k: Int, tableOffset: Int) {
        let hasEthnicity = release.tables.contains { $0.name == Dimension.ethnicity.rawValue }
        tableRows += release.tables.map(\.rowIDs)
        tableNames += release.tables.map(\.name)
        for (t, table) in release.tables.enumerated() {
            let roles = ReleaseModel.roles(of: table, ethnicityPresent: hasEthnicity)
            for (r, id) in table.rowIDs.enumerated() {
                let key = cohortKeys.indices.contains(k) ? cohortKeys[k][id] ?? id : id
                let inCohort = parts.parts(inCohort: key).filter { partScope[$0][k] }
                for (c, role) in roles.enumerated() {
                    let published = table.cells.indices.contains(r) && table.cells[r].indices.contains(c) ? table.cells[r][c] : nil
                    let terms: [Int]
                    switch role {
                    case .size: terms = inCohort.map { partSize[$0] }
                    case .values(let named, let values):
                        let family = membership?.family(named, release: k) ?? named
                        let unknowns = familyUnknowns(family, release: release, dimension: Dimension(name: named))
                        terms = inCohort.flatMap { p in values.compactMap { unknowns[p].indices.contains($0) ? unknowns[p][$0] : nil } }
                    case .flag(let family, let value):
                        let unknowns = familyUnknowns(family, release: release)
                        terms = membership?.isZero(family, value, release: k) == true ? []
                            : inCohort.compactMap { unknowns[$0].indices.contains(value) ? unknowns[$0][value] : nil }
                    case .free:
                        terms = [newUnknown(upper: nil)]
                        freeUnknownCell[terms[0]] = cells.count
                    }
                    let zero = terms.allSatisfy { upperBounds[$0] == 0 }
                    cells.append(Cell(table: tableOffset + t, row: r, column: c, terms: terms, published: published, structuralZero: zero,
                                      release: k))
                    if case .size = role, table.name == ReportTable.summary.name, table.percents.indices.contains(r), let p = table.percents[r] {
                        // 100 n / population rounds to p (one decimal): (p - 0.05) P <= 100 n <= (p + 0.05) P, on the
                        // unknowns, so that it bounds the count when only the percentage is printed. A percentage is
                        // printed while its count is (and the population), so it binds while they are.
                        let count = terms.map { ($0, 100.0) }
                        let bound = published == nil ? [] : [cells.count - 1]
                        let population = populationUnknowns[k]
                        relations.append(Relation(terms: count + [(population, -(p + 0.05))], lower: nil, upper: 0,
                                                  whilePublished: bound))
                        relations.append(Relation(terms: count + [(population, -(p - 0.05))], lower: 0, upper: nil,
                                                  whilePublished: bound))
                        percentPopulation[relations.count - 2] = population
                        percentPopulation[relations.count - 1] = population
                        if !bound.isEmpty { percentRelations += [relations.count - 2, relations.count - 1] }
                    }
                }
            }
        }
    }

    /// The parts of a standard and a filtered release read together (`splitParts(releases:)` of the two).
    static func splitParts(base: PublishedRelease, filtered: PublishedRelease)
        -> (CohortParts, [[Bool]], [[(condition: Filter.DimensionCondition, met: Bool)]]) {
        let split = splitParts(releases: [base, filtered])
        return (split.parts, split.scope, split.conditions)
    }

    /// The parts of several releases of the same children read together: which releases count each part,
    /// the value conditions each meets, and each release's cohort ids as cohorts of `parts`.
    ///
    /// The cohorts of every release are one list, a cohort known by its rule: the same rule under two ids
    /// (a custom cohort equal to a standard one) is one cohort; one id with two rules (a tracker pair of
    /// `F`s) is two. Each release's factor and cohort conditions are one more rule in the enumeration, and
    /// every part inside a release's rule is split by the value conditions of the releases that count it
    /// (met or not), leaving out combinations no child can have (two values of one single-valued dimension).
    /// With a standard release and one filtered release this is the split `splitParts(base:filtered:)` names.
    static func splitParts(releases: [PublishedRelease]) -> Split {
        var cohorts: [(id: String, rule: CohortExpression?)] = []
        var keys: [[String: String]] = []
        for (k, release) in releases.enumerated() {
            var map: [String: String] = [:]
            for c in release.cohorts {
                if let rule = c.rule, let same = cohorts.first(where: { $0.rule == rule }) { map[c.id] = same.id; continue }
                // An unknown rule is a cohort of this release alone, related to nothing.
                let id = cohorts.contains { $0.id == c.id } ? "\(c.id)'\(k)" : c.id
                cohorts.append((id, c.rule))
                map[c.id] = id
            }
            keys.append(map)
        }
        // Each release's factor and cohort conditions as one rule, enumerated as a cohort of its own after the cohorts.
        var rules: [CohortExpression] = []
        let ruleOf: [Int?] = releases.enumerated().map { k, release in
            guard let rule = conditionRule(release.filter, cohorts: release.cohorts) else { return nil }
            if let i = rules.firstIndex(of: rule) { return i }
            rules.append(rule)
            return rules.count - 1
        }
        let n = cohorts.count
        let all = CohortParts(cohorts: cohorts + rules.enumerated().map { ("filter\($0.offset)", $0.element) }, filter: .none)
        let owned: [UInt64] = releases.indices.map { k in
            keys[k].values.reduce(UInt64(0)) { m, id in cohorts.firstIndex { $0.id == id }.map { m | (1 << UInt64($0)) } ?? m }
        }
        var out = Split(parts: CohortParts(cohortIDs: cohorts.map(\.id), parts: []), scope: [], conditions: [], cohortKeys: keys)
        for var part in all.parts {
            let inside = releases.indices.map { k in ruleOf[k].map { part.membership & (1 << UInt64(n + $0)) != 0 } ?? true }
            part.membership &= (n >= 64 ? ~0 : (UInt64(1) << UInt64(n)) - 1)
            if !part.inPopulation {
                // A cohort of unknown rule: counted by the releases that publish it.
                out.append(part, scope: releases.indices.map { owned[$0] & part.membership != 0 }, conditions: [])
                continue
            }
            let counting = releases.indices.filter { inside[$0] }
            var conditions: [Filter.DimensionCondition] = []
            for k in counting { for c in releases[k].filter.dimensions where !conditions.contains(c) { conditions.append(c) } }
            for t in 0..<(1 << conditions.count) {
                let met = conditions.indices.map { t & (1 << $0) != 0 }
                let named = Array(zip(conditions, met))
                guard possible(named) else { continue }
                let scope = releases.indices.map { k in
                    inside[k] && releases[k].filter.dimensions.allSatisfy { c in named.contains { $0.0 == c && $0.1 } }
                }
                out.append(part, scope: scope, conditions: named.map { ($0.0, $0.1) })
            }
        }
        return out
    }

    struct Split {
        var parts: CohortParts
        var scope: [[Bool]]
        var conditions: [[(condition: Filter.DimensionCondition, met: Bool)]]
        /// Per release, its cohort ids as `parts`' cohort ids.
        var cohortKeys: [[String: String]]
        mutating func append(_ part: CohortParts.Part, scope s: [Bool], conditions c: [(condition: Filter.DimensionCondition, met: Bool)]) {
            parts.parts.append(part); scope.append(s); conditions.append(c)
        }
    }

    /// A filter's factor and cohort conditions as one rule (nil: it has none).
    static func conditionRule(_ f: Filter, cohorts: [(id: String, rule: CohortExpression?)]) -> CohortExpression? {
        var rule: CohortExpression?
        func and(_ e: CohortExpression) { rule = rule.map { .and($0, e) } ?? e }
        for (k, code) in AssessmentFactor.list.codes.enumerated() {
            if f.requiredFactors.rawValue & (1 << UInt64(k)) != 0 { and(.factor(code)) }
            if f.excludedFactors.rawValue & (1 << UInt64(k)) != 0 { and(.not(.factor(code))) }
        }
        for id in f.cohorts { if let r = cohorts.first(where: { $0.id == id })?.rule { and(r) } }
        return rule
    }

    /// Whether a child can meet and fail these conditions together: two met conditions on one
    /// single-valued dimension must share a value that no failed condition on it names, and when the
    /// dimension's values are known, some value must be left (a child has exactly one).
    static func possible(_ named: [(Filter.DimensionCondition, Bool)]) -> Bool {
        for d in Set(named.map(\.0.dimension)) where !d.isMultiValued {
            let on = named.filter { $0.0.dimension == d }
            guard on.count > 1 else { continue }
            let failed = on.filter { !$0.1 }.reduce(into: Set<Int>()) { $0.formUnion($1.0.values) }
            let metSets = on.filter(\.1).map(\.0.values)
            if var left = metSets.first {
                for s in metSets.dropFirst() { left.formIntersection(s) }
                if left.subtracting(failed).isEmpty { return false }
            } else if !d.values.isEmpty, Set(d.values.indices).subtracting(failed).isEmpty {
                return false
            }
        }
        return true
    }

    /// Relations between the tables that the definitions imply (docs/privacy.md, "Relations"), per part:
    /// - maltreatment columns are factor columns (definition 7): 16A and 17A the same children as the
    ///   factor's, 18A and 19A the children with any of their codes (at least each, at most their sum);
    /// - "CPP started" is every CPP category but "No plan" (the same children);
    /// - every child has at least one factor (definition 2: an assessment with factor data);
    /// - the clauses the cohort rules force on the part's factors (`CohortParts.Part.clauses`): every
    ///   child of "B without C or D" has 4B or 5B, so the 4B and 5B columns add up to at least its size.
    private mutating func linkFamilies() {
        linkReadings()
        let factor = families[Dimension.factor.rawValue]
        let maltreatment = families[Dimension.maltreatment.rawValue]
        let outcomes = families[Dimension.outcomes.rawValue]
        let category = families[Dimension.protectionCategory.rawValue]
        let noPlan = FollowUp.categoryLabels.count - 1
        for p in parts.parts.indices {
            let size = partSize[p]
            if let factor, let maltreatment, factor.indices.contains(p), maltreatment.indices.contains(p) {
                for (v, m) in maltreatment[p].enumerated() {
                    guard let codes = ReleaseModel.factorBits(.maltreatment, v) else { continue }
                    let columns = codes.compactMap { factor[p].indices.contains($0) ? factor[p][$0] : nil }
                    guard !columns.isEmpty else { continue }
                    for f in columns { relations.append(Relation(terms: [(m, 1), (f, -1)], lower: 0, upper: nil)) }
                    relations.append(Relation(terms: [(m, 1)] + columns.map { ($0, -1) }, lower: nil, upper: 0))
                }
            }
            if let outcomes, let category, outcomes.indices.contains(p), category.indices.contains(p),
               let started = outcomes[p].first, category[p].count == noPlan + 1 {
                relations.append(Relation(terms: [(started, 1)] + category[p].prefix(noPlan).map { ($0, -1) }, lower: 0, upper: 0))
            }
            // The factor columns, else the maltreatment columns of one code each (16A, 17A), by factor bit.
            var byBit: [Int: Int] = [:]
            if let factor, factor.indices.contains(p) {
                for (b, u) in factor[p].enumerated() { byBit[b] = u }
                relations.append(Relation(terms: factor[p].map { ($0, 1) } + [(size, -1)], lower: 0, upper: nil))
            } else if let maltreatment, maltreatment.indices.contains(p) {
                for (v, u) in maltreatment[p].enumerated() {
                    if let codes = ReleaseModel.factorBits(.maltreatment, v), codes.count == 1 { byBit[codes[0]] = u }
                }
            }
            for clause in parts.parts[p].clauses {
                // sum of positive literals' counts + sum of (size - count) of negative ones >= size.
                let literals = clause.compactMap { l in byBit[abs(l) - 1].map { (unknown: $0, positive: l > 0) } }
                guard literals.count == clause.count else { continue }
                let negatives = literals.filter { !$0.positive }.count
                var terms: IntegerProgram.Terms = literals.map { ($0.unknown, $0.positive ? 1 : -1) }
                if negatives != 1 { terms.append((size, Double(negatives - 1))) }
                relations.append(Relation(terms: terms, lower: 0, upper: nil))
            }
        }
    }

    /// A table under another reading of a documented choice and the movements to it
    /// (`ReadingComparison`): the movement table `T@choice:a>b` counts each part's children by (value of `T`
    /// under reading a, value under reading b), so per part and value its row sums are `T`'s counts and its
    /// column sums are `T@choice:b`'s (docs/privacy.md, "Readings side by side"). `T` is the dimension's own
    /// table, read as the engine reads it; the other reading's table is another single-valued family of
    /// the same children, related to `T` through the movements and the rules of what can move
    /// (`ReadingChoice.canMove`: under `age-at` one band up at most and never to or from Unknown, under `need-episode`
    /// never from None under `first` to a need under `later`), which a reader
    /// knows from docs/definitions.md: a movement they rule out is an unknown bounded at 0.
    private mutating func linkReadings() {
        let prefix = "table:"
        var ruledOut = false
        // In the families' name order, not the dictionary's: its order is seeded afresh in every process, and the
        // relations' order is the program's row order, which steers the solver's pivots to one integer point or
        // another. Iterated as stored, `--compare all` (three movement families) published one of two patterns of
        // hidden cells at random from run to run, which a reader holding both could subtract.
        for (name, moves) in families.sorted(by: { $0.key < $1.key }) where name.hasPrefix(prefix) && name.contains(">") {
            let spelled = String(name.dropFirst(prefix.count))
            guard let at = spelled.firstIndex(of: "@"), let dimension = Dimension(name: String(spelled[..<at])),
                  let colon = spelled[at...].firstIndex(of: ":"), let arrow = spelled[colon...].firstIndex(of: ">"),
                  let from = families[dimension.rawValue],
                  let to = families[prefix + spelled[..<colon] + ":" + spelled[spelled.index(after: arrow)...]] else { continue }
            let choice = ReadingChoice(rawValue: String(spelled[spelled.index(after: at)..<colon]))
            let readings = (String(spelled[spelled.index(after: colon)..<arrow]), String(spelled[spelled.index(after: arrow)...]))
            let values = dimension.values
            for p in parts.parts.indices where from.indices.contains(p) && to.indices.contains(p) && moves.indices.contains(p) {
                let k = from[p].count
                guard to[p].count == k, moves[p].count == k * k else { continue }
                if let choice, choice.hasMoveRules, values.count == k {
                    for a in 0..<k {
                        for b in 0..<k where !choice.canMove(dimension, from: readings.0, to: readings.1, value: values[a], to: values[b]) {
                            upperBounds[moves[p][a * k + b]] = 0
                            ruledOut = true
                        }
                    }
                }
                for v in 0..<k {
                    let leaving = (0..<k).map { (moves[p][v * k + $0], 1.0) }
                    relations.append(Relation(terms: leaving + [(from[p][v], -1)], lower: 0, upper: 0))
                    let arriving = (0..<k).map { (moves[p][$0 * k + v], 1.0) }
                    relations.append(Relation(terms: arriving + [(to[p][v], -1)], lower: 0, upper: 0))
                }
            }
        }
        // The cells were made before the rules bounded their unknowns: a movement the rules rule out is 0
        // whatever the data, shown as a 0 forced by the filter is.
        guard ruledOut else { return }
        for i in cells.indices where !cells[i].structuralZero && cells[i].terms.allSatisfy({ upperBounds[$0] == 0 }) {
            cells[i].structuralZero = true
        }
    }

    /// Cells whose count is 0 whatever the hidden cells hold: every unknown they sum is forced to 0 by
    /// a published 0 (a sum of non-negative counts), by the filter, or by its part being empty.
    func forcedZero(published zeros: [Int]) -> Set<Int> {
        var zero = Set(upperBounds.indices.filter { upperBounds[$0] == 0 })
        for c in zeros { zero.formUnion(cells[c].terms) }
        let emptyParts = Set(partSizeUnknowns.indices.filter { zero.contains(partSizeUnknowns[$0]) })
        for u in partOfUnknown.indices { if let p = partOfUnknown[u], emptyParts.contains(p) { zero.insert(u) } }
        // A relation "positive terms <= negative terms" whose negative side is all 0 makes its positive side
        // 0 too (a maltreatment column of factor columns that are all 0); an equality works both ways.
        var changed = true
        while changed {
            changed = false
            for r in relations where r.whilePublished.isEmpty {
                let positive = r.terms.filter { $0.coefficient > 0 }.map(\.column)
                let negative = r.terms.filter { $0.coefficient < 0 }.map(\.column)
                for (side, other, bound) in [(positive, negative, r.upper), (negative, positive, r.lower)] {
                    guard bound == 0, !side.isEmpty, other.allSatisfy({ zero.contains($0) }), !side.allSatisfy({ zero.contains($0) }) else { continue }
                    zero.formUnion(side)
                    changed = true
                }
            }
        }
        return Set(cells.indices.filter { cells[$0].terms.allSatisfy { zero.contains($0) } })
    }

    mutating func newUnknown(upper: Double?, part: Int? = nil) -> Int {
        upperBounds.append(upper)
        partOfUnknown.append(part)
        unknownFamily.append(nil)
        unknownCount += 1
        return unknownCount - 1
    }

    /// What a column of a table counts.
    enum Role {
        /// The cohort's size (summary, Total, All).
        case size
        /// Children with one of these values of a single-valued family.
        case values(family: String, values: [Int])
        /// Children with this value of a multi-valued family.
        case flag(family: String, value: Int)
        /// A column the model cannot relate to anything: an unknown of its own.
        case free
    }

    static func roles(of table: PublishedTable, ethnicityPresent: Bool) -> [Role] {
        if table.name == ReportTable.summary.name { return table.columns.map { $0 == "children" ? .size : .free } }
        if let d = Dimension(name: table.name), table.columns == d.columns {
            if d == .ethnicGroup && ethnicityPresent {
                return table.columns.map { col in
                    guard let g = Ethnicity.groupNames.firstIndex(of: col) else { return .size }
                    return .values(family: Dimension.ethnicity.rawValue,
                                   values: (0...Int(Ethnicity.unknown)).filter { Int(Ethnicity.group(of: UInt8($0))) == g })
                }
            }
            return table.columns.map { col in
                guard let v = d.values.firstIndex(of: col) else { return .size }
                return d.isMultiValued ? .flag(family: d.rawValue, value: v) : .values(family: d.rawValue, values: [v])
            }
        }
        // A table of another shape: `Total` last means single-valued, `All` first multi-valued.
        let family = "table:" + table.name
        if table.columns.last == "Total" {
            return table.columns.enumerated().map { $0.offset == table.columns.count - 1 ? .size : .values(family: family, values: [$0.offset]) }
        }
        if table.columns.first == "All" {
            return table.columns.enumerated().map { $0.offset == 0 ? .size : .flag(family: family, value: $0.offset - 1) }
        }
        return table.columns.map { _ in .free }
    }
    typealias PublishedTable = PublishedRelease.Table

    /// The unknowns of a family, created with its relations on first use.
    private mutating func familyUnknowns(_ family: String, release: PublishedRelease, dimension named: Dimension? = nil) -> [[Int]] {
        if let f = families[family] { return f }
        // A family of a dimension's values under another name (the other reading's `age@other`) is the dimension's.
        let dimension = Dimension(name: family) ?? named
        let table = release.tables.first { $0.name == family || "table:" + $0.name == family }
        let multi = dimension?.isMultiValued ?? (table?.columns.first == "All")
        let valueCount = dimension?.values.count ?? max(0, (table?.columns.count ?? 1) - 1)
        let authorityColumns = dimension == nil && family == "table:" + Dimension.authority.rawValue && !multi ? table?.columns : nil
        var unknowns: [[Int]] = []
        for (p, part) in parts.parts.enumerated() {
            let conditions = partConditions.indices.contains(p) ? partConditions[p] : []
            var allowed = ReleaseModel.allowedValues(family: family, dimension: dimension, conditions: conditions, count: valueCount)
            if let columns = authorityColumns {
                // The authority table's columns are the authorities' labels: a condition on an authority keeps
                // (or rules out) its column, which is how a regional table links to each authority's release.
                for (c, met) in conditions where c.dimension == .authority {
                    let named = Set(c.values.compactMap { v in c.label(v).flatMap { columns.firstIndex(of: $0) } })
                    if met { allowed.formIntersection(named) } else { allowed.subtract(named) }
                }
            }
            // A several-valued family's values a failed condition names: none of the part's children has them.
            let ruledOut = Set(conditions.filter { !$0.met && $0.condition.dimension == dimension }.flatMap(\.condition.values))
            var row: [Int] = []
            for v in 0..<valueCount {
                var upper: Double? = nil
                var forcedAll = false
                if multi, let dimension, let codes = ReleaseModel.factorBits(dimension, v) {
                    if codes.contains(where: { part.forcedFactors[$0] == true }) { forcedAll = true }
                    else if codes.allSatisfy({ part.forcedFactors[$0] == false }) { upper = 0 }
                }
                if !multi && !allowed.contains(v) { upper = 0 }
                if multi && ruledOut.contains(v) { upper = 0 }
                let u = newUnknown(upper: upper, part: p)
                unknownFamily[u] = (family, v)
                row.append(u)
                if multi {
                    // 0 <= count with the value <= part size (= when every child of the part has it).
                    relations.append(Relation(terms: [(u, 1), (partSize[p], -1)], lower: forcedAll ? 0 : nil, upper: 0))
                }
            }
            if !multi {
                // Each child of the part has exactly one value.
                relations.append(Relation(terms: row.map { ($0, 1) } + [(partSize[p], -1)], lower: 0, upper: 0))
            } else if dimension == .outcomes, let none = FollowUp.outcomeLabels.indices.last {
                // "None of these" excludes the other outcomes: none + other <= size <= none + sum of others.
                for o in 0..<none {
                    relations.append(Relation(terms: [(row[none], 1), (row[o], 1), (partSize[p], -1)], lower: nil, upper: 0))
                }
                relations.append(Relation(terms: row.map { ($0, 1) } + [(partSize[p], -1)], lower: 0, upper: nil))
            }
            for condition in conditions where multi && condition.met && condition.condition.dimension == dimension {
                // The filter keeps children with at least one of its values.
                let kept = condition.condition.values.filter { $0 >= 0 && $0 < row.count }.map { (row[$0], 1.0) }
                relations.append(Relation(terms: kept + [(partSize[p], -1)], lower: 0, upper: nil))
            }
            unknowns.append(row)
        }
        families[family] = unknowns
        return unknowns
    }

    /// Values of a single-valued family that the conditions allow (a met condition keeps its values, a
    /// failed one rules them out; ethnicity and ethnic group constrain each other).
    static func allowedValues(family: String, dimension: Dimension?, conditions: [(condition: Filter.DimensionCondition, met: Bool)],
                              count: Int) -> Set<Int> {
        var allowed = allowedValues(family: family, dimension: dimension, filter: Filter(dimensions: conditions.filter(\.met).map(\.condition)),
                                    count: count)
        for (c, met) in conditions where !met {
            if c.dimension == dimension { allowed.subtract(c.values) }
            else if dimension == .ethnicity && c.dimension == .ethnicGroup {
                allowed = allowed.filter { !c.values.contains(Int(Ethnicity.group(of: UInt8($0)))) }
            }
            // An ethnic group is not ruled out by a failed ethnicity condition: the group has other codes.
        }
        return allowed
    }

    /// Values of a single-valued family that the filter allows.
    static func allowedValues(family: String, dimension: Dimension?, filter: Filter, count: Int) -> Set<Int> {
        var allowed = Set(0..<count)
        for c in filter.dimensions {
            if c.dimension == dimension {
                allowed.formIntersection(c.values)
            } else if dimension == .ethnicity && c.dimension == .ethnicGroup {
                allowed = allowed.filter { c.values.contains(Int(Ethnicity.group(of: UInt8($0)))) }
            } else if dimension == .ethnicGroup && c.dimension == .ethnicity {
                let groups = Set(c.values.map { Int(Ethnicity.group(of: UInt8(clamping: $0))) })
                allowed.formIntersection(groups)
            }
        }
        return allowed
    }

    /// Factor bit positions a multi-valued column stands for (maltreatment and factor columns).
    static func factorBits(_ d: Dimension, _ v: Int) -> [Int]? {
        switch d {
        case .maltreatment:
            guard Maltreatment.masks.indices.contains(v) else { return nil }
            let m = Maltreatment.masks[v]
            return (0..<64).filter { m & (1 << UInt64($0)) != 0 }
        case .factor: return [v]
        default: return nil
        }
    }
}
