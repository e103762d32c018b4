import CohortEngine
import Foundation

/// The check every writer runs on what it is about to publish: the release as a reader will see it
/// (the formatted cells, `c` and all), attacked by the disclosure audit.
public enum ReleaseCheck {
    /// What a reader of a publication sees, with the knowledge they have (cohort rules, filter): the
    /// audit reads the cells and percentages as printed, from the publication every format renders.
    public static func published(_ publication: Publication, hiddenMinimum: Int, cohorts: [CohortDefinition], filter: Filter,
                                 populationPrinted: Bool = true) -> PublishedRelease {
        let all = publication.tables.map { t in
            PublishedRelease.Table(name: t.name, columns: t.columns, rowIDs: t.rows.map(\.id),
                                   cells: t.cells.map { $0.map(\.count) }, percents: t.shares.map(\.percent))
        }
        // Withheld rows publish nothing (every cell `c`, zeros too): they are not part of what a reader holds.
        let withheld = Set(publication.withheldCohorts)
        let tables = withheld.isEmpty ? all : all.map { dropping(rows: withheld, from: $0) }
        let population: PublishedRelease.Scalar
        if !populationPrinted { population = .notPublished }
        else if let n = publication.population.count { population = .shown(n) }
        else { population = .hidden }
        // A withheld cohort publishes nothing, so its rule splits no part of what a reader models.
        return PublishedRelease(tables: tables, population: population,
                                cohorts: cohorts.filter { !withheld.contains($0.id) }.map { ($0.id, $0.expression) },
                                filter: filter, hiddenMinimum: hiddenMinimum)
    }

    /// What a reader of these tables sees: the protected release's publication, read as above.
    public static func published(_ release: ProtectedRelease, cohorts: [CohortDefinition], filter: Filter,
                                 populationPrinted: Bool = true) -> PublishedRelease {
        published(Publication(release: release, filtered: !filter.isEmpty, context: [:], footer: []), hiddenMinimum: release.hiddenMinimum,
                  cohorts: cohorts, filter: filter, populationPrinted: populationPrinted)
    }

    /// The table without the rows of these cohorts.
    public static func dropping(rows ids: Set<String>, from t: PublishedRelease.Table) -> PublishedRelease.Table {
        let keep = t.rowIDs.indices.filter { !ids.contains(t.rowIDs[$0]) }
        return PublishedRelease.Table(name: t.name, columns: t.columns, rowIDs: keep.map { t.rowIDs[$0] },
                                      cells: keep.map { t.cells.indices.contains($0) ? t.cells[$0] : [] },
                                      percents: t.percents.isEmpty ? [] : keep.map { t.percents.indices.contains($0) ? t.percents[$0] : nil })
    }

    /// The audit of a protected release (nil when suppression is off: nothing is protected).
    public static func audit(_ release: ProtectedRelease, cohorts: [CohortDefinition], filter: Filter) -> DisclosureAuditResult? {
        audit(Publication(release: release, filtered: !filter.isEmpty, context: [:], footer: []), of: release, cohorts: cohorts, filter: filter)
    }

    /// The audit of `publication`, the protected release `release` as it is about to be printed; the
    /// release's true counts answer the verdict's questions (nil when suppression is off).
    public static func audit(_ publication: Publication, of release: ProtectedRelease, cohorts: [CohortDefinition],
                             filter: Filter) -> DisclosureAuditResult? {
        guard release.threshold > 0 else { return nil }
        let view = published(publication, hiddenMinimum: release.hiddenMinimum, cohorts: cohorts, filter: filter)
        // The standard release gets the exact audit (every range, as `cinx audit --all` prints them). A
        // release with custom cohorts or a filter is audited knowing its true counts (`DisclosureAudit.verdict`,
        // the same question answered by searches that stop early): its exact ranges took minutes.
        let standard = filter.isEmpty && cohorts.allSatisfy { CohortDefinition.standard.contains($0) }
        if standard { return DisclosureAudit.audit(view, protection: release.protection) }
        return DisclosureAudit.verdict(view, protection: release.protection, partSizes: release.partSizes,
                                       certificates: release.certificates) { t, r, c in
            guard release.tables.indices.contains(t), view.tables.indices.contains(t), view.tables[t].rowIDs.indices.contains(r) else {
                return release.tables.first?.table.population ?? 0
            }
            // By cohort id: the view leaves withheld rows out.
            let table = release.tables[t].table
            guard let row = table.rows.firstIndex(where: { $0.id == view.tables[t].rowIDs[r] }), table.counts[row].indices.contains(c) else { return 0 }
            return table.counts[row][c]
        }
    }

    /// The audit of a trend: each year's column is that year's protected summary, attacked as that
    /// year's release (the cohorts are the same every year). The first year that is not clean, with
    /// its findings; else the last year's audit; nil when suppression is off.
    public static func audit(trend perYear: [(year: Int, release: ProtectedRelease)], cohorts: [CohortDefinition],
                             filter: Filter) -> (year: Int, result: DisclosureAuditResult)? {
        var last: (year: Int, result: DisclosureAuditResult)?
        for (year, release) in perYear {
            guard let result = audit(release, cohorts: cohorts, filter: filter) else { continue }
            if !result.isClean { return (year, result) }
            last = (year, result)
        }
        return last
    }

    /// Why a writer refuses a release, in lines a person reads: one per hidden cell narrower than
    /// asked, named by table, cohort and column only. The release was never published, so its cells'
    /// ranges are facts about the hidden counts that nobody could work out from a file: a refusal
    /// printed with them (on a terminal, in a log) would itself be the disclosure it prevented.
    public static func refusal(_ result: DisclosureAuditResult) -> [String] {
        guard result.consistent else { return ["the tables would contradict each other (a fault in cinx: please report it)"] }
        return result.failures.map { r in
            "\(r.table) \(r.cohort) \(r.column): could be narrowed to fewer than \(result.protection + 1) possible values"
        }
    }

    /// The audit's findings in lines a person reads, with each range: one per hidden cell narrower
    /// than asked. Only for `cinx audit` of a release already published, whose ranges anyone holding
    /// its files can compute; a writer refusing a release says `refusal` instead.
    public static func describe(_ result: DisclosureAuditResult) -> [String] {
        guard result.consistent else { return ["the published numbers contradict each other: no count satisfies them all"] }
        return result.failures.map { r in
            "\(r.table) \(r.cohort) \(r.column): an attacker can narrow it to \(r.minimum)..\(r.maximum.map(String.init) ?? "unbounded")"
                + (r.isExact ? " (exact)" : " (\(r.width.map { $0 + 1 } ?? 0) values, fewer than \(result.protection + 1))")
        }
    }
}
