import ArgumentParser
import CINRelease
import CohortEngine
import Foundation

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Attack a release directory: what can be worked out about each hidden (c) cell from everything in it.",
        discussion: """
        Reads the tables' CSV files (any subset of summary, age, ethnicity, ethnic-group, maltreatment, need, \
        written by cinx or edited by hand) and release.json if present. For every hidden cell, integer programming \
        finds the smallest and largest count consistent with all the published numbers (docs/privacy.md). \
        Exit status: 0 clean, 1 a hidden cell can be narrowed below the protection asked for, 2 the input cannot be read.
        """)

    @Argument(help: "The release directory.") var directory: String
    @Option(help: "Each hidden cell's range must span at least this many values plus one (default: release.json's, else 5).")
    var protection: Int?
    @Flag(help: "List every hidden cell's range, not only the narrow ones.") var all = false
    @Option(help: "text or json.") var format: Format = .text

    enum Format: String, ExpressibleByArgument { case text, json }

    func validate() throws {
        if let p = protection, p < 1 { throw ValidationError("--protection must be 1 or more") }
    }

    func run() throws {
        let contents: ReleaseDirectory.Contents
        do { contents = try ReleaseDirectory.read(directory) } catch {
            CLIOutput.error(error.description)
            throw ExitCode(2)
        }
        for n in contents.notes { CLIOutput.note("note: \(n)\n") }
        let level = protection ?? contents.manifest.map { max(1, $0.suppression.protection) } ?? Suppression.dfeThreshold
        let result = DisclosureAudit.audit(contents.release, protection: level)
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
            let cells: [[String: Any]] = result.ranges.map { r in
                ["table": r.table, "cohort": r.cohort, "column": r.column, "minimum": r.minimum,
                 "maximum": r.maximum as Any? ?? NSNull(), "narrow": r.isNarrower(than: level)]
            }
            let doc: [String: Any] = ["directory": directory, "protection": level, "consistent": result.consistent,
                                      "clean": result.isClean, "hiddenMinimum": result.hiddenMinimum, "cells": cells]
            if let d = try? JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys]) {
                print(String(decoding: d, as: UTF8.self))
            }
        }
        if !result.consistent { throw ExitCode(2) }
        if !result.isClean { throw ExitCode(1) }
    }
}
