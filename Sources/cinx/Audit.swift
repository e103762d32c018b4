import ArgumentParser
import CINRelease
import CohortEngine
import Foundation

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Attack release directories: how narrowly each hidden (c) cell can be worked out.",
        // ArgumentParser's usage line lists every option and does not wrap: this one fits 80 columns.
        usage: "cinx audit [<options>] <directories> ...",
        discussion: """
        Reads the tables' CSV files (any subset of summary, age, ethnicity, ethnic-group, maltreatment, need, \
        written by cinx or edited by hand) and release.json if present. For every hidden cell, integer programming \
        finds the smallest and largest count consistent with all the published numbers (docs/privacy.md), and \
        prints the narrow ones with their ranges: the data owner's tool for a release already published, whose \
        ranges anyone holding its files can work out (cinx report and the explorer, refusing a release, name the \
        cells only).

        A regional pack (cinx report --per-authority) is its releases. Several directories are audited one by one, and then all together, as a reader holding all of them \
        reads them: the same children under several filters and custom cohorts (a region and its authorities, \
        males and females, a tracker pair of cohorts).

        A directory is unreadable (exit 2, one line naming the file and line) when a CSV is not a table of \
        counts and c, a table has two rows for a cohort, or, with release.json, a table lacks a row for a cohort \
        it lists or has a row for one it does not, or a cohort's rule cannot be read.

        Exit status: 0 every directory clean, 1 a hidden cell in some directory can be narrowed below the \
        protection asked for, 2 some directory cannot be read (or its numbers contradict each other).
        """)

    @Argument(help: "The release directories (each audited on its own), or a regional pack (its releases).") var arguments: [String]

    /// The directories given, a regional pack's (a directory of release directories, `report --per-authority`)
    /// replaced by its releases, the regional one first.
    var directories: [String] { arguments.flatMap(Audit.releases(in:)) }

    static func releases(in directory: String) -> [String] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory), !names.contains(where: { $0.hasSuffix(".csv") }) else { return [directory] }
        let members = names.filter { fm.fileExists(atPath: "\(directory)/\($0)/release.json") }
            .sorted { ($0 == "regional" ? 0 : 1, $0) < ($1 == "regional" ? 0 : 1, $1) }
        return members.isEmpty ? [directory] : members.map { "\(directory)/\($0)" }
    }
    @Option(parsing: .unconditional, help: ArgumentHelp("Each hidden cell's range must span at least this many values plus one (default: release.json's, else 5).", valueName: "N"))
    var protection: Int?
    @Flag(help: "List every hidden cell's range, not only the narrow ones.") var all = false
    @Option(help: "text or json (one object; with several directories, an array of them).") var format: Format = .text

    enum Format: String, ExpressibleByArgument { case text, json }

    /// One directory's outcome; the run's exit status is the worst of them.
    enum Outcome: Int32, Comparable {
        case clean = 0, found = 1, unreadable = 2
        static func < (a: Outcome, b: Outcome) -> Bool { a.rawValue < b.rawValue }
    }

    func validate() throws {
        if let p = protection, p < 1 { throw ValidationError("--protection must be 1 or more") }
        guard !arguments.isEmpty else { throw ValidationError("give at least one release directory") }
    }

    func run() throws {
        var worst = Outcome.clean
        var documents: [[String: Any]] = []
        let several = directories.count > 1
        for (i, directory) in directories.enumerated() {
            if several && format == .text { print((i > 0 ? "\n" : "") + "== \(directory)") }
            let (outcome, document) = audit(directory)
            worst = max(worst, outcome)
            documents.append(document)
        }
        if format == .json {
            let json: Any = several ? documents : documents.first ?? [:]
            if let d = try? JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) {
                print(String(decoding: d, as: UTF8.self))
            }
        }
        if several { worst = max(worst, auditTogether()) }
        if several && format == .text {
            let counts = Dictionary(grouping: documents, by: { ($0["outcome"] as? String) ?? "" }).mapValues(\.count)
            print("\naudit of \(directories.count) directories, each on its own: \(counts["clean"] ?? 0) clean, "
                  + "\(counts["found"] ?? 0) with narrow cells, \(counts["unreadable"] ?? 0) unreadable")
        }
        if worst != .clean { throw ExitCode(worst.rawValue) }
    }

    /// Every directory read together, as a reader holding all of them reads them (docs/privacy.md, "Releases
    /// read together"). Prints what they let a reader narrow (text only); returns the worst outcome.
    func auditTogether() -> Outcome {
        var groups: [String: [(directory: String, release: PublishedRelease, protection: Int?)]] = [:]
        var order: [String] = []
        for directory in directories {
            guard let contents = try? ReleaseDirectory.read(directory) else { continue }   // reported on its own already
            // Only releases of the same children are read together: the same extract, year and follow-up (a
            // directory without release.json is taken to be of the same children as the others).
            let key = contents.manifest.map { m in
                "\(m.inputs.map(\.sha256).sorted()) \(m.year) \(m.followUpYears) \(m.readingKey)"
            } ?? ""
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append((directory, contents.release, contents.manifest.map { max(1, $0.suppression.protection) }))
        }
        if let unknown = groups[""], groups.count > 1 {
            // Directories without release.json go with every group.
            groups[""] = nil
            order.removeAll { $0.isEmpty }
            for k in order { groups[k]?.append(contentsOf: unknown) }
        }
        var worst = Outcome.clean
        for key in order {
            guard let read = groups[key], read.count > 1 else { continue }
            worst = max(worst, auditTogether(read))
        }
        return worst
    }

    func auditTogether(_ read: [(directory: String, release: PublishedRelease, protection: Int?)]) -> Outcome {
        let level = protection ?? read.compactMap(\.protection).max() ?? Suppression.dfeThreshold
        let names = read.count == 2 ? "\(read[0].directory) and \(read[1].directory)"
            : read.dropLast().map(\.directory).joined(separator: ", ") + " and " + (read.last?.directory ?? "")
        guard let results = DisclosureAudit.audit(together: read.map(\.release), protection: level) else {
            if format == .text {
                print("\n== \(names) together\nnot read together: more than \(DisclosureAudit.maxJointConditions) different value conditions")
            }
            return .unreadable
        }
        let failures = zip(read.map(\.directory), results).flatMap { d, r in r.failures.map { (d, $0) } }
        let outcome: Outcome = results.contains { !$0.consistent } ? .unreadable : failures.isEmpty ? .clean : .found
        guard format == .text else { return outcome }
        print("\n== \(names) together")
        if results.contains(where: { !$0.consistent }) { print("the directories' numbers contradict each other: not releases of the same children") }
        for (d, r) in failures {
            print("\(d): \(r.table) \(r.cohort) \(r.column): \(r.minimum)..\(r.maximum.map(String.init) ?? "unbounded")" + (r.isExact ? " (exact)" : ""))
        }
        print("audit together: \(results.reduce(0) { $0 + $1.ranges.count }) hidden cell(s); \(failures.filter { $0.1.isExact }.count) exact, "
              + "\(failures.count) narrower than \(level + 1) values")
        return outcome
    }

    /// Audits one directory, printing its text report as it goes; returns its outcome and its JSON document.
    func audit(_ directory: String) -> (Outcome, [String: Any]) {
        let contents: ReleaseDirectory.Contents
        do { contents = try ReleaseDirectory.read(directory) } catch {
            CLIOutput.error(error.description)
            return (.unreadable, ["directory": directory, "outcome": "unreadable", "error": error.description])
        }
        for n in contents.notes { CLIOutput.note("note: \(directories.count > 1 ? directory + ": " : "")\(n)\n") }
        let level = protection ?? contents.manifest.map { max(1, $0.suppression.protection) } ?? Suppression.dfeThreshold
        let result = DisclosureAudit.audit(contents.release, protection: level)
        let outcome: Outcome = !result.consistent ? .unreadable : result.isClean ? .clean : .found
        switch format {
        case .text:
            var lines: [String] = []
            if all {
                lines = result.ranges.map { r in
                    "\(r.table) \(r.cohort) \(r.column): \(r.minimum)..\(r.maximum.map(String.init) ?? "unbounded")"
                        + (r.isNarrower(than: level) ? "  NARROW" : "")
                }
            } else {
                lines = ReleaseCheck.describe(result)
            }
            for l in lines { print(l) }
            let tables = contents.release.tables.map(\.name).joined(separator: ", ")
            if !result.consistent {
                print("audit: the tables (\(tables)) contradict each other")
            } else {
                print("audit: \(result.ranges.count) hidden cell(s) in \(tables); \(result.exact.count) exact, \(result.failures.count) narrower than \(level + 1) values"
                      + (result.hiddenMinimum == 0 ? " (hidden cells may be 0)" : ""))
            }
        case .json:
            break
        }
        let cells: [[String: Any]] = result.ranges.map { r in
            ["table": r.table, "cohort": r.cohort, "column": r.column, "minimum": r.minimum,
             "maximum": r.maximum as Any? ?? NSNull(), "narrow": r.isNarrower(than: level)]
        }
        let outcomeName = outcome == .clean ? "clean" : outcome == .found ? "found" : "unreadable"
        let document: [String: Any] = ["directory": directory, "protection": level, "consistent": result.consistent,
                                       "clean": result.isClean, "hiddenMinimum": result.hiddenMinimum, "cells": cells,
                                       "outcome": outcomeName]
        return (outcome, document)
    }
}
