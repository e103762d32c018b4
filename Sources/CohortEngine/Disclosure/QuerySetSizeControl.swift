import CINModel

/// Query-set-size control (docs/privacy.md): a filtered count, or a custom cohort's count, is a
/// query whose answer a reader can subtract from a published count that contains it. So the count
/// is hidden when, for any such containing count, the difference is small (1 to N).
///
/// A count of cohort k and value v under filter F contains, in the unfiltered release, every count
/// of a cohort k' that holds all of k's children under F (by the cohorts' rules), in column v, in
/// the size column, and in every column F implies (`age=1-4` implies the age column 1-4; `--require
/// 16A` the factor 16A and maltreatment 16A columns).
struct QuerySetSizeControl {
    let tables: [CohortTable]
    let unfiltered: [String: CohortTable]
    let filter: Filter
    let cohorts: [CohortDefinition]
    /// Parts under the filter (cohort bits in `cohorts` order).
    let parts: CohortParts
    let unfilteredPopulation: Int
    /// Columns every filtered child is counted in: (table, column).
    let implied: [(table: String, column: String)]
    /// The unfiltered release as published, when known: a filtered count equal to a count it hides
    /// must be hidden too.
    let published: [String: SuppressedTable]
    let unfilteredPopulationHidden: Bool
    /// The unfiltered population's parts (built once: `contained` asks for every cell).
    let wholeParts: CohortParts

    /// A published count that holds a query's children, and whether its own release hides it.
    struct Container: Equatable {
        var count: Int
        var hidden: Bool
    }

    init(tables: [CohortTable], unfiltered: [CohortTable], filter: Filter, cohorts: [CohortDefinition], parts: CohortParts,
         unfilteredPopulation: Int, unfilteredRelease: ProtectedRelease? = nil) {
        self.tables = tables
        var byName: [String: CohortTable] = [:]
        for t in unfiltered { byName[t.name] = t }
        self.unfiltered = byName
        var published: [String: SuppressedTable] = [:]
        for t in unfilteredRelease?.tables ?? [] { published[t.table.name] = t }
        self.published = published
        unfilteredPopulationHidden = unfilteredRelease?.populationHidden ?? false
        wholeParts = CohortParts(cohorts: cohorts.map { (id: $0.id, rule: Optional($0.expression)) })
        self.filter = filter
        self.cohorts = cohorts
        self.parts = parts
        self.unfilteredPopulation = unfilteredPopulation
        var implied: [(String, String)] = []
        for c in filter.dimensions where c.values.count == 1 {
            guard let v = c.values.first, let label = c.label(v) else { continue }
            implied.append((c.dimension.rawValue, label))
            if c.dimension == .ethnicity {
                implied.append((Dimension.ethnicGroup.rawValue, Ethnicity.groupNames[Int(Ethnicity.group(of: UInt8(clamping: v)))]))
            }
        }
        for code in filter.requiredFactors.codes {
            implied.append((Dimension.factor.rawValue, code))
            if let bit = AssessmentFactor.bit(code)?.rawValue, let m = Maltreatment.masks.firstIndex(where: { $0 & bit != 0 }) {
                implied.append((Dimension.maltreatment.rawValue, Maltreatment.labels[m]))
            }
        }
        self.implied = implied
    }

    var isFiltered: Bool { filter != .none }

    /// Whether query-set-size control hides a count `n` of this cell: its difference from a published
    /// count that contains it, or that it contains, is small; or zero against a count the unfiltered
    /// release hides; or it holds, in its own cohort, a count the unfiltered release hides (the query
    /// would give that count's sum with its visible neighbours).
    func hides(table t: Int, row r: Int, column c: Int, count n: Int, threshold: Int) -> Bool {
        func leaks(_ d: Int, _ hidden: Bool) -> Bool { Publication.isSmall(d, threshold: threshold) || (d == 0 && hidden) }
        if containers(table: t, row: r, column: c).contains(where: { leaks($0.count - n, $0.hidden) }) { return true }
        return contained(table: t, row: r, column: c).contains { leaks(n - $0.cell.count, $0.cell.hidden) || ($0.sameRow && $0.cell.hidden) }
    }

    /// Published unfiltered counts whose children all lie in this filtered cell: cells of cohorts
    /// inside the query's cohort, in a column that implies the filter's one condition (a single
    /// `--where` dimension, one required factor, or cohort drills alone), and the query's column.
    func contained(table t: Int, row r: Int, column c: Int) -> [(cell: Container, sameRow: Bool)] {
        guard isFiltered, tables.indices.contains(t), tables[t].rows.indices.contains(r), tables[t].columns.indices.contains(c) else { return [] }
        let table = tables[t]
        let id = table.rows[r].id
        let column = table.columns[c]
        let isSize = table.name == ReportTable.summary.name || c == table.totalColumn || c == table.allColumn
        // Columns that imply the filter's condition, for this query column.
        var columns: [(String, String)] = []
        let conditions = filter.dimensions.count + filter.requiredFactors.codes.count + (filter.excludedFactors.isEmpty ? 0 : 1)
        if conditions == 0 {
            columns = [(table.name, column)]
        } else if conditions == 1, let d = filter.dimensions.first {
            let names = d.values.sorted().compactMap { d.label($0) }
            if isSize { columns = names.map { (d.dimension.rawValue, $0) } }
            else if table.name == d.dimension.rawValue && names.contains(column) { columns = [(table.name, column)] }
        } else if conditions == 1, let f = filter.requiredFactors.codes.first, isSize {
            columns = [(Dimension.factor.rawValue, f)]
            if let m = Maltreatment.labels.first(where: { $0 == f }) { columns.append((Dimension.maltreatment.rawValue, m)) }
        }
        guard !columns.isEmpty else { return [] }
        var out: [(Container, Bool)] = []
        for k in cohortsInside(id) {
            for (name, col) in columns { if let u = count(name, row: k, column: col) { out.append((u, k == id)) } }
        }
        return out
    }

    /// Cohorts every child of which is in `id` and in every cohort the filter drills into (by the rules).
    private func cohortsInside(_ id: String) -> [String] {
        func parts(_ c: String) -> Set<Int> { Set(wholeParts.parts(inCohort: c)) }
        var bound = parts(id)
        for c in filter.cohorts { bound.formIntersection(parts(c)) }
        return cohorts.map(\.id).filter { k in
            let mine = parts(k)
            return !mine.isEmpty && mine.isSubset(of: bound)
        }
    }

    /// The published counts that contain this cell's children (nothing to compare: empty).
    func containers(table t: Int, row r: Int, column c: Int) -> [Container] {
        if t < 0 { return populationContainers() }
        guard tables.indices.contains(t), tables[t].rows.indices.contains(r), tables[t].columns.indices.contains(c) else { return [] }
        let table = tables[t]
        let id = table.rows[r].id
        let custom = !CohortDefinition.standard.contains { std in cohorts.contains { $0.id == id && $0 == std } }
        guard isFiltered || custom else { return [] }
        let holders = containingCohorts(of: id).filter { isFiltered || $0 != id }
        var columns: [(String, String)] = [(table.name, table.columns[c])]
        if isFiltered { columns += implied }
        var out: [Container] = []
        for k in holders {
            for (name, column) in columns { if let u = count(name, row: k, column: column) { out.append(u) } }
            if isFiltered, let size = size(of: k) { out.append(size) }
            // A several-valued condition on a single-valued dimension: the sum of its columns holds it.
            for d in filter.dimensions where d.values.count > 1 && !d.dimension.isMultiValued {
                let cells = d.values.sorted().compactMap { v in
                    d.label(v).flatMap { count(d.dimension.rawValue, row: k, column: $0) }
                }
                if cells.count == d.values.count {
                    out.append(Container(count: cells.reduce(0) { $0 + $1.count }, hidden: cells.contains { $0.hidden }))
                }
            }
        }
        // A custom cohort is a query on the whole population: A + B holds it.
        if custom, let parts = populationCells(table.name, column: table.columns[c]) {
            out.append(Container(count: parts.reduce(0) { $0 + $1.count }, hidden: parts.contains { $0.hidden }))
        }
        return out
    }

    /// The cells of the cohorts that make up the population in one column (nil unless all are published in it).
    private func populationCells(_ table: String, column: String) -> [Container]? {
        let cells = Publication.populationCohorts.compactMap { count(table, row: $0, column: column) }
        return cells.count == Publication.populationCohorts.count ? cells : nil
    }

    private func populationContainers() -> [Container] {
        guard isFiltered else { return [] }
        var out = [Container(count: unfilteredPopulation, hidden: unfilteredPopulationHidden)]
        for (name, column) in implied {
            if let parts = populationCells(name, column: column) {
                out.append(Container(count: parts.reduce(0) { $0 + $1.count }, hidden: parts.contains { $0.hidden }))
            }
        }
        return out
    }

    /// Cohorts that hold every child of `id` under the filter, by the rules (`id` itself included).
    private func containingCohorts(of id: String) -> [String] {
        let mine = parts.parts(inCohort: id)
        guard !mine.isEmpty else { return [] }
        return parts.cohortIDs.enumerated().filter { k, _ in
            mine.allSatisfy { parts.parts[$0].membership & (1 << UInt64(k)) != 0 }
        }.map(\.element)
    }

    private func count(_ table: String, row: String, column: String) -> Container? {
        guard let t = unfiltered[table], let r = t.rows.firstIndex(where: { $0.id == row }),
              let c = t.columns.firstIndex(of: column) else { return nil }
        let hidden = published[table].map { p in p.table.rows.firstIndex { $0.id == row }.map { p.isHidden($0, c) } ?? false } ?? false
        return Container(count: t.counts[r][c], hidden: hidden)
    }

    /// A cohort's size: hidden if any table of the unfiltered release hides it.
    private func size(of id: String) -> Container? {
        guard let n = count(ReportTable.summary.name, row: id, column: "children")?.count ?? unfiltered.values.lazy.compactMap({ t -> Int? in
            guard let r = t.rows.firstIndex(where: { $0.id == id }), let c = t.totalColumn ?? t.allColumn else { return nil }
            return t.counts[r][c]
        }).first else { return nil }
        let hidden = published.values.contains { p in
            guard let r = p.table.rows.firstIndex(where: { $0.id == id }) else { return false }
            if p.table.name == ReportTable.summary.name { return p.isHidden(r, 0) }
            guard let c = p.table.totalColumn ?? p.table.allColumn else { return false }
            return p.isHidden(r, c)
        }
        return Container(count: n, hidden: hidden)
    }
}
