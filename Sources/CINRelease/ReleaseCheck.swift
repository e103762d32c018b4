import CohortEngine
import Foundation

/// The check every writer runs on what it is about to publish: the release as a reader will see it
/// (the formatted cells, `c` and all), attacked by the disclosure audit.
public enum ReleaseCheck {
    /// What a reader of these tables sees, with the knowledge they have (cohort rules, filter).
    public static func published(_ release: ProtectedRelease, cohorts: [CohortDefinition], filter: Filter,
                                 populationPrinted: Bool = true) -> PublishedRelease {
        let tables = release.tables.map { t in
            PublishedRelease.Table(
                name: t.table.name, columns: t.table.columns, rowIDs: t.table.rows.map(\.id),
                cells: t.table.counts.indices.map { r in t.table.counts[r].indices.map { c in t.isHidden(r, c) ? nil : t.table.counts[r][c] } },
                percents: t.table.name == "summary" ? t.table.rows.indices.map { Double(TableFormatter.percentCell(t, $0)) } : [])
        }
        let population: PublishedRelease.Scalar
        if !populationPrinted { population = .notPublished }
        else if release.populationHidden { population = .hidden }
        else { population = .shown(release.tables.first?.table.population ?? 0) }
        return PublishedRelease(tables: tables, population: population, cohorts: cohorts.map { ($0.id, $0.expression) },
                                filter: filter, hiddenMinimum: release.hiddenMinimum)
    }

    /// The audit of a protected release (nil when suppression is off: nothing is protected).
    public static func audit(_ release: ProtectedRelease, cohorts: [CohortDefinition], filter: Filter) -> DisclosureAuditResult? {
        guard release.threshold > 0 else { return nil }
        return DisclosureAudit.audit(published(release, cohorts: cohorts, filter: filter), protection: release.protection)
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
