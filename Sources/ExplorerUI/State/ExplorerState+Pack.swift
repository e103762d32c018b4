import CINRelease
import CohortEngine

/// The explorer's views of authorities are parts of the regional pack (docs/privacy.md, "A regional pack"):
/// a view that selects by authority is that authority's release of the pack, or is protected beside every
/// release of the pack, so that a reader who holds the pack and the screens learns nothing by subtracting
/// one from the other.
extension ExplorerState {
    final class PackCache: @unchecked Sendable {
        // As `ReleaseCache`: touched only by the state's owner.
        var entry: (key: ReleaseKey, members: [RegionalPackProtection.Member])?
    }

    /// The tables of an authority's views: the pack's, the FOI's six. The whole scope cannot be a pack: an
    /// authority's factor and authority tables hide its cohort sizes, which the regional authority breakdown
    /// publishes (measured on the regional demo: 71 cells of each authority a reader of the pack works out).
    static let packTables = ReportTables.allTableNames

    /// The pack of the current settings, cohorts and threshold, protected once and kept.
    func regionalPack(threshold t: Int, regional: ProtectedRelease) -> Result<[RegionalPackProtection.Member], RegionalPackProtection.Refusal> {
        let key = ReleaseKey(filter: .none, settings: engine.settings, cohorts: engine.cohorts, threshold: t)
        if let e = packCache.entry, e.key == key { return .success(e.members) }
        // Each member is proven beside the regional release and the members before it; the writer's
        // audit of the pack together is `cinx report --per-authority`'s, and an export is audited as any.
        let result = RegionalPackProtection.protect(engine: engine, names: Self.packTables, threshold: t, protection: nil,
                                                    budget: ReleaseProtection.besideBudget,
                                                    regional: regional, auditTogether: false)
        if case .success(let members) = result { packCache.entry = (key, members) }
        return result
    }

    /// The release of a filter that selects by authority (`RegionalPackProtection.release`). One that cannot
    /// be proven beside the pack shows nothing: every cell hidden, and the view says why.
    func authorityRelease(filter: Filter, threshold t: Int, regional: ProtectedRelease) -> ProtectedRelease {
        var reason: [String] = [], cancelled = false
        switch regionalPack(threshold: t, regional: regional) {
        case .success(let members):
            if let r = RegionalPackProtection.release(of: filter, members: members, engine: engine, names: Self.packTables, threshold: t, protection: nil,
                                                      budget: ReleaseProtection.besideBudget), !r.cancelled, r.notProvenBeside.isEmpty {
                return r
            } else { cancelled = ProtectionCancellation.isRequested; reason = ["the regional pack's releases"] }
        case .failure(let refusal):
            cancelled = refusal.cancelled; reason = ["the regional pack (\(refusal.reason))"]
        }
        var withheld = ReportTables.withheldScope(engine: engine, threshold: t, filter: filter).subset(Self.packTables)
        withheld.cancelled = cancelled
        withheld.notProvenBeside = cancelled ? [] : reason
        return withheld
    }
}
