import Testing
import Foundation

/// Figures the docs quote inside their prose and Markdown tables, worked out again from what the binary
/// under test publishes: each table or paragraph checked here carries a comment naming this suite. (Quoted
/// outputs in code blocks are checked by `DocumentedOutputsEndToEndTests`; timings are not checked.)
@Suite struct DocumentedFiguresEndToEndTests {
    static func document(_ name: String) throws -> String {
        try String(contentsOfFile: CinxProcess.packageRoot + "/" + name, encoding: .utf8)
    }

    /// What `cinx args` writes on standard output (its notes on stderr left out), and its exit status.
    static func stdout(_ args: [String]) -> (status: Int32, output: String) {
        CinxProcess.output(of: ["/bin/sh", "-c", "\"$0\" \"$@\" 2>/dev/null", CinxProcess.binary] + args)
    }

    /// A CSV table as cinx writes it (no quoted commas in the tables read here but the summary's labels,
    /// which are not read).
    static func rows(_ csv: String) -> [[String]] {
        // Split on any line end: cinx writes CRLF (RFC 4180), which Swift reads as one Character.
        csv.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// One table of a release: the header and each cohort's cells by column name.
    static func table(_ files: [String], _ table: String, _ options: [String]) throws -> [String: [String: String]] {
        let (rc, csv) = stdout(["report"] + files + ["--table", table, "--out", "-"] + options)
        try #require(rc == 0, "report \(table) \(options) exited \(rc)")
        let lines = rows(csv)
        let header = try #require(lines.first)
        var byCohort: [String: [String: String]] = [:]
        for line in lines.dropFirst() where line.count == header.count {
            byCohort[line[0]] = Dictionary(zip(header, line), uniquingKeysWith: { a, _ in a })
        }
        return byCohort
    }

    /// 1,456 for 1456, as the docs write numbers.
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }

    static let foiTables = ["summary", "age", "ethnicity", "ethnic-group", "maltreatment", "need"]
    static let otherTables = ["gender", "disability", "outcomes", "cpp-category", "factor"]

    /// The hidden cells of `tables` and the sum of their true values (`--suppress 0`); the summary's
    /// percentages are not cells of their own.
    static func cost(_ files: [String], year: String, tables: [String]) throws -> (cells: Int, sum: Int) {
        var cells = 0, sum = 0
        for name in tables {
            let shown = try table(files, name, ["--year", year])
            let truth = try table(files, name, ["--year", year, "--suppress", "0"])
            for (cohort, row) in shown {
                for (column, value) in row where value == "c" && column != "percent" {
                    cells += 1
                    sum += try #require(Int(truth[cohort]?[column] ?? ""), "\(name) \(cohort) \(column)")
                }
            }
        }
        return (cells, sum)
    }

    /// privacy.md, "The cost of protection": each row's "now" columns (FOI tables, whole scope) are the
    /// hidden cells and their sum for the release the row names (the demo, or a `generate` command).
    @Test func privacyCostOfProtection() throws {
        let text = try Self.document("docs/privacy.md")
        let start = try #require(text.range(of: "<!-- checked by DocumentedFiguresEndToEndTests.privacyCostOfProtection -->"))
        let rows = text[start.upperBound...].split(separator: "\n").drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }.dropFirst(2)
        #expect(rows.count >= 2)
        let work = CinxProcess.workDirectory("cinx-doc-figures", "cost")
        defer { try? FileManager.default.removeItem(atPath: (work as NSString).deletingLastPathComponent) }
        for (index, row) in rows.enumerated() {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            try #require(cells.count == 5, "\(row)")
            let label = cells[0]
            let year = try #require(label.firstMatch(of: /(\d{4})-(\d{2})$/)).output
            let reportYear = String(year.1.prefix(2)) + String(year.2)
            var files = [CinxProcess.packageRoot + "/demo-data/cin-flat.csv.gz"]
            if let generate = label.firstMatch(of: /`(generate [^`]+)`/)?.output.1 {
                let dir = work + "/\(index)"
                let made = CinxProcess.cinx(generate.split(separator: " ").map(String.init) + ["--out", dir])
                try #require(made.status == 0, "\(generate): \(made.output)")
                files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted().map { dir + "/" + $0 }
            } else {
                try #require(label.hasPrefix("demo"), "a row names the demo or a generate command: \(label)")
            }
            let foi = try Self.cost(files, year: reportYear, tables: Self.foiTables)
            let others = try Self.cost(files, year: reportYear, tables: Self.otherTables)
            #expect(cells[2] == "\(Self.grouped(foi.cells)) cells, \(Self.grouped(foi.sum))", "\(label): FOI tables now")
            #expect(cells[4] == "\(Self.grouped(foi.cells + others.cells)) cells, \(Self.grouped(foi.sum + others.sum))",
                    "\(label): whole scope now")
        }
    }

    /// demo-data.md, "Calibration to a published answer": the demo's cohort sizes and shares, and its
    /// maltreatment counts with their share of the cohort.
    @Test func demoCalibration() throws {
        let text = try Self.document("docs/demo-data.md")
        let start = try #require(text.range(of: "<!-- checked by DocumentedFiguresEndToEndTests.demoCalibration -->"))
        let lines = text[start.upperBound...].split(separator: "\n").prefix { !$0.hasPrefix("Rates in B") }.filter { $0.hasPrefix("| ") }
        let demo = [CinxProcess.packageRoot + "/demo-data/cin-flat.csv.gz"]
        let summary = try Self.table(demo, "summary", ["--year", "2017"])
        let maltreatment = try Self.table(demo, "maltreatment", ["--year", "2017"])
        func size(_ cohort: String) throws -> Int { try #require(Int(summary[cohort]?["children"] ?? "")) }
        func share(_ n: Int, _ of: Int) -> String { String(format: "%.1f%%", Double(n) * 100 / Double(of)) }
        let population = try size("A") + size("B")
        var checked = 0
        for line in lines {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = cells.first else { continue }
            if let cohort = name.firstMatch(of: /^([A-E]) \(/)?.output.1, cells.count == 5 {
                let n = try size(String(cohort))
                let base = cohort == "A" || cohort == "B" ? population : try size("B")
                let of = cohort == "A" || cohort == "B" ? "" : " of B"
                #expect(cells[3] == Self.grouped(n), "\(name): demo")
                #expect(cells[4] == share(n, base) + of, "\(name): demo share")
                checked += 1
            } else if let code = name.firstMatch(of: /\((1[6-9]A)\)$/)?.output.1, cells.count == 5 {
                for (column, cohort) in [(2, "A"), (4, "B")] {
                    let n = try #require(Int(maltreatment[cohort]?[String(code)] ?? ""))
                    #expect(cells[column] == "\(n) (\(share(n, try size(cohort))))", "\(name): demo \(cohort)")
                }
                checked += 1
            }
        }
        #expect(checked == 9, "the calibration tables' rows were not all found")
    }

    /// README.md: why the custom cohort of the examples is `c,c` (its size less a count the factor table
    /// publishes is a count of 1 to 5).
    @Test func readmeCustomCohortExplanation() throws {
        let text = try Self.document("README.md")
        let start = try #require(text.range(of: "<!-- checked by DocumentedFiguresEndToEndTests.readmeCustomCohortExplanation -->"))
        let paragraph = String(text[start.upperBound...].prefix { $0 != "#" })
        let files = try FileManager.default.contentsOfDirectory(atPath: CinxProcess.packageRoot + "/demo-data")
            .filter { $0.hasSuffix(".xml.gz") }.sorted().map { CinxProcess.packageRoot + "/demo-data/" + $0 }
        let unsuppressed = try Self.table(files, "summary", ["--year", "2017", "--suppress", "0", "--cohort", "F=6B & !4B",
                                                              "--cohort", "G=6B & 5B & !4B"])
        let factor = try Self.table(files, "factor", ["--year", "2017"])
        let size = try #require(unsuppressed["F"]?["children"])
        let inA = try #require(factor["A"]?["6B"])
        let inB = try #require(unsuppressed["G"]?["children"])
        #expect(paragraph.contains("F has \(size) children"), "\(paragraph)")
        #expect(paragraph.contains("\(inA) of them are cohort A's"), "\(paragraph)")
        #expect(paragraph.contains("the other \(inB)"), "\(paragraph)")
        let shown = try Self.table(files, "summary", ["--year", "2017", "--cohort", "F=6B & !4B"])
        #expect(shown["F"]?["children"] == "c", "F is no longer hidden: the README's explanation is out of date")
    }

    /// privacy.md, "Custom cohorts in bounded time": the parts and unknowns of the model with the first k
    /// custom cohorts of the list (`CINX_TIMING=1`'s last "protection in all" line), for k up to 2 (from 3
    /// on each run waits out the 10 s budget).
    @Test func privacyCustomCohortModelSizes() throws {
        let text = try Self.document("docs/privacy.md")
        let start = try #require(text.range(of: "<!-- checked by DocumentedFiguresEndToEndTests.privacyCustomCohortModelSizes -->"))
        let after = text[start.upperBound...]
        let intro = after[..<(after.range(of: "\n|")?.lowerBound ?? after.endIndex)]
        let list = intro.matches(of: /`([A-Z]=[^`]+)`/).map { String($0.output.1) }
        try #require(list.count == 8, "the list of custom cohorts was not found")
        let rows = after.split(separator: "\n").drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }.dropFirst(2)
        let work = CinxProcess.workDirectory("cinx-doc-figures", "custom")
        defer { try? FileManager.default.removeItem(atPath: (work as NSString).deletingLastPathComponent) }
        var checked = 0
        for row in rows {
            let cells = row.split(separator: "|", omittingEmptySubsequences: false).dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
            guard let k = Int(cells[0]), k <= 2 else { continue }
            let cohorts = list.prefix(k).flatMap { ["--cohort", $0] }
            let (rc, output) = CinxProcess.output(of: ["/usr/bin/env", "CINX_TIMING=1", CinxProcess.binary, "report",
                                                       CinxProcess.packageRoot + "/demo-data/cin-flat.csv.gz", "--table", "all",
                                                       "--out", work + "/\(k)"] + cohorts)
            try #require(rc == 0, "\(output)")
            let last = try #require(output.matches(of: /protection in all: (\d+) parts, (\d+) unknowns/).last)
            #expect(cells[1] == String(last.output.1), "\(k) custom cohorts: parts")
            #expect(cells[2] == Self.grouped(Int(last.output.2) ?? -1), "\(k) custom cohorts: unknowns")
            checked += 1
        }
        #expect(checked == 2)
    }
}
