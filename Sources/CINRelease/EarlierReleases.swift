import CohortEngine
import Foundation

/// The earlier releases of an extract a reader may already hold (the release ledger's), read back for a new
/// release to be protected, or checked, together with them (docs/privacy.md, "Releases read together").
/// Shared by `cinx report` and the explorer's exports.
public enum EarlierReleases {
    /// Why an earlier release cannot be read as one of these children: one line for the user.
    public struct Failure: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// Tables whose counts depend on the follow-up window or the need episode: an earlier release made with
    /// other settings publishes other numbers under these names, so they are left out of it.
    public static let followUpTables: Set<String> = [ReportTable.dimension(.need).name, ReportTable.dimension(.outcomes).name,
                                                     ReportTable.dimension(.protectionCategory).name, ReportTable.trend.name]

    /// The ledger's earlier releases of this extract and year, each read back and its true counts worked out
    /// again from `engine`'s extract. Left out: the standard release itself (made the same way, it is the
    /// release every other is protected beside already). A damaged entry, or one whose shown counts are not
    /// this extract's, is an error: the ledger is what later releases are protected against. An entry made under
    /// other readings is read under this release's names for its tables (`heldUnderOtherReadings`); one with a
    /// table no name holds (another reading of membership or of the age band, a table under two other readings)
    /// refuses the release, naming it, unless `otherReadings` is `.leaveOut` (docs/privacy.md, "Releases of other readings").
    public static func held(entries: [LedgerEntry], engine: CohortEngine, threshold: Int, protection: Int?,
                            otherReadings: OtherReadings = .refuse) throws(Failure) -> [HeldRelease] {
        var out: [HeldRelease] = []
        // Every entry that refuses the release, so the message names them all (forgetting one would not do).
        var refusals: [(entry: LedgerEntry, manifest: ReleaseManifest, tables: [String])] = []
        let s = engine.settings
        for entry in entries {
            guard case .success(let contents) = Result(catching: { () throws(ReleaseDirectory.ReadError) in try entry.contents() }) else {
                throw Failure(reason: "release ledger entry \(entry.id): its tables cannot be read (cinx ledger show \(entry.id))")
            }
            guard case .success(let manifest) = Result(catching: { () throws(LedgerError) in try entry.manifest() }) else {
                throw Failure(reason: "release ledger entry \(entry.id): its release.json cannot be read (cinx ledger show \(entry.id))")
            }
            var release = contents.release
            let differing = differingChoices(manifest, settings: s)
            let standardCohorts = release.cohorts.allSatisfy { c in CohortDefinition.standard.contains { $0.id == c.id && $0.expression == c.rule } }
            let isLinked = { (t: PublishedRelease.Table) in ReadingComparison.isLinkedName(t.name) }
            let sameSettings = release.filter.isEmpty && standardCohorts && manifest.suppression.threshold == threshold
                && manifest.suppression.protection == (protection ?? threshold) && manifest.followUpYears == s.followUpYears
            if sameSettings && differing.isEmpty {
                // The standard release is held already; a side by side's tables published with it (`--compare`) are
                // read beside it, hidden from 0 (docs/privacy.md, "Readings side by side").
                release.tables.removeAll { !isLinked($0) }
                // A side by side of code-21 (a choice of membership) is protected in its own joint model of both readings,
                // which no later release is read in: its tables are refused as another reading's are (docs/privacy.md).
                let membership = release.tables.map(\.name).filter(EarlierReleases.isMembershipSideBySide)
                if !membership.isEmpty {
                    if otherReadings == .refuse { refusals.append((entry, manifest, membership)); continue }
                    release.tables.removeAll { EarlierReleases.isMembershipSideBySide($0.name) }
                }
                if release.tables.isEmpty { continue }
                release.hiddenMinimum = 0
            } else if !sameSettings {
                // A side by side is read only beside releases of its own settings, whose standard release it was
                // protected with.
                release.tables.removeAll(where: isLinked)
            }
            if manifest.followUpYears != s.followUpYears {
                // Other numbers under the same names, which no reading links.
                release.tables.removeAll { followUpTables.contains($0.name) }
            }
            release.tables.removeAll { $0.name == ReportTable.trend.name }
            guard !release.tables.isEmpty else { continue }
            if !differing.isEmpty {
                var unlinked: [String] = []
                let held = try heldUnderOtherReadings(release, manifest: manifest, differing: differing, engine: engine,
                                                      name: "ledger entry \(entry.id)", unlinked: &unlinked)
                if !unlinked.isEmpty && otherReadings == .refuse {
                    refusals.append((entry, manifest, unlinked))
                    continue
                }
                out += held
                continue
            }
            switch Result(catching: { () throws(ReportTables.HeldReleaseMismatch) in try ReportTables.held(engine: engine, release, name: "ledger entry \(entry.id)") }) {
            case .success(let held): out.append(held)
            case .failure(let e): throw Failure(reason: "release ledger: \(e.reason)")
            }
        }
        if !refusals.isEmpty { throw otherReadingsRefusal(refusals, settings: s) }
        return out
    }

    /// Whether a published table is a side by side's of a choice of membership (`age@code-21:ignored`, its movements).
    static func isMembershipSideBySide(_ name: String) -> Bool {
        guard let at = name.firstIndex(of: "@") else { return false }
        let rest = name[name.index(after: at)...]
        guard let colon = rest.firstIndex(of: ":"), let choice = ReadingChoice(rawValue: String(rest[..<colon])) else { return false }
        return choice.publishesOnlyMovers
    }

    /// Why a release is refused beside the entries of other readings whose tables cannot be read with it: each
    /// entry once, with its readings and tables.
    static func otherReadingsRefusal(_ refusals: [(entry: LedgerEntry, manifest: ReleaseManifest, tables: [String])],
                                     settings: AnalysisSettings) -> Failure {
        func text(_ reading: (ReadingChoice) -> String) -> String {
            let other = ReadingChoice.allCases.filter { reading($0) != $0.defaultReading }.map { "\($0.option) \(reading($0))" }
            return other.isEmpty ? "cinx's default readings" : other.joined(separator: ", ")
        }
        let ours = text { $0.reading(in: settings) }
        let each = refusals.map { r in
            "release ledger entry \(r.entry.id) is a release of this extract and year read as \(text { EarlierReleases.reading(of: r.manifest, $0) }) "
                + "(its \(r.tables.joined(separator: ", ")))"
        }
        let ids = refusals.map(\.entry.id)
        let forget = ids.count == 1 ? "cinx ledger forget \(ids[0]) if it never went out"
            : "cinx ledger forget each of \(ids.joined(separator: ", ")) that never went out (all of them, for this release to be protected without the flag)"
        return Failure(reason: each.joined(separator: "; ") + "; this one is read as \(ours). Those tables cannot be protected together with this "
                       + "release (another reading of who is in each cohort, or of the age band, or a table under two other readings), and a reader "
                       + "holding both may subtract them. --allow-other-readings publishes anyway with those tables left out; " + forget)
    }

    /// The entries of other readings whose tables this release is not protected against (left out with
    /// `--allow-other-readings`), with those tables: for a warning.
    public static func leftOut(entries: [LedgerEntry], engine: CohortEngine) -> [(id: String, tables: [String])] {
        entries.compactMap { entry in
            guard let manifest = try? entry.manifest(), let contents = try? entry.contents() else { return nil }
            let differing = differingChoices(manifest, settings: engine.settings)
            guard !differing.isEmpty else { return nil }
            let tables = contents.release.tables.map(\.name).filter { $0 != ReportTable.trend.name }
            let renamed = Set(tables.compactMap { nameUnderOurReadings($0, differing: differing, manifest: manifest, settings: engine.settings)?.name })
            let names = tables.filter { t in
                guard let r = nameUnderOurReadings(t, differing: differing, manifest: manifest, settings: engine.settings) else { return true }
                return needsMovements(r.name, among: renamed, differing: differing, manifest: manifest, settings: engine.settings)
            }
            return names.isEmpty ? nil : (entry.id, names)
        }
    }

    /// The writer's audit of a release beside earlier ones: the standard release, the earlier releases and
    /// this one read together, as a reader holding all of them reads them. The narrow cells, named only
    /// (never their ranges); empty when clean.
    public static func narrowTogether(_ release: ProtectedRelease, earlier: [HeldRelease], engine: CohortEngine, names: [String],
                                      threshold: Int, filter: Filter, protection: Int?) -> [String] {
        guard !earlier.isEmpty else { return [] }
        let standardCohorts = engine.cohorts.filter { CohortDefinition.standard.contains($0) }
        var e = engine
        e.replaceCohorts(standardCohorts)
        let standard = ReleaseCheck.published(ReportTables.release(engine: e, names: names, threshold: threshold, protection: protection),
                                              cohorts: standardCohorts, filter: .none, populationPrinted: false)
        let new = ReleaseCheck.published(release, cohorts: engine.cohorts, filter: filter, populationPrinted: false)
        let releases = [standard] + earlier.map(\.published) + [new]
        guard let results = DisclosureAudit.audit(together: releases, protection: protection ?? threshold) else {
            return ["(more value conditions than can be read together)"]
        }
        if results.contains(where: { !$0.consistent }) { return ["(the releases contradict each other)"] }
        let names = ["the standard release"] + earlier.map(\.name) + ["this release"]
        return zip(names, results).flatMap { n, r in r.failures.map { "\(n): \($0.table) \($0.cohort) \($0.column)" } }
    }
}
