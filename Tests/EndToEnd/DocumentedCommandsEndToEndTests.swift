import Testing
import Foundation

/// Every `cinx ...` command line shown in a code block of the README and the user docs is run, and
/// those of the README's table of commands with FILE... as the demo's flat file, so that a renamed
/// option or table cannot leave the docs teaching a command that fails: a usage error (64) or a crash
/// fails the test. Not run: the interactive explorer (no --keys, --export or --screen),
/// docs/performance.md (benchmarks at national scale), commands with other placeholders (DIR..., N, ID)
/// and anything not starting with cinx (make, bench scripts). Every --out and --export goes to a
/// temporary directory, never into the package.
@Suite struct DocumentedCommandsEndToEndTests {
    static let documents = ["README.md", "docs/user-guide.md", "docs/definitions.md", "docs/privacy.md",
                            "docs/data-format.md", "docs/reliability.md", "docs/demo-data.md"]

    /// A command that runs cinx, alone or at the end of a pipe (`gzip -dc x.csv.gz | cinx report - ...`).
    static func isCinx(_ command: String) -> Bool {
        // `cinx | demo extract | ...` is a screen shown in the docs, not a command.
        let last = command.components(separatedBy: " | ").last ?? command
        return (last.hasPrefix("cinx ") || last.hasPrefix("swift run cinx ")) && !command.hasPrefix("cinx |")
    }

    /// The command lines of `text`'s fenced code blocks that run cinx: `cinx ...` or `swift run cinx ...`,
    /// their comments removed.
    static func commands(in text: String) -> [String] {
        var inBlock = false
        var found: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") { inBlock.toggle(); continue }
            guard inBlock else { continue }
            let command = (line.range(of: "  #").map { String(line[..<$0.lowerBound]) } ?? line).trimmingCharacters(in: .whitespaces)
            if isCinx(command) { found.append(command) }
        }
        return found
    }

    /// The commands of a Markdown table's first column (`| \`cinx report FILE... --table all\` | ...`),
    /// with FILE... as the demo's flat file.
    static func tableCommands(in text: String) -> [String] {
        text.split(separator: "\n").compactMap { row -> String? in
            guard row.hasPrefix("| `") else { return nil }
            let cell = row.dropFirst(3).prefix { $0 != "`" }
            let command = cell.replacingOccurrences(of: "FILE...", with: "demo-data/cin-flat.csv.gz")
            return isCinx(command) ? command : nil
        }
    }

    /// Why `command` is not run, or nil to run it.
    static func skipped(_ command: String) -> String? {
        let words = command.split(separator: " ").map(String.init)
        let values = Set(words.indices.dropLast().filter { words[$0] == "--out" || words[$0] == "--export" }.map { $0 + 1 })
        let placeholders = ["FILE", "FILES", "DIR", "DIR...", "N", "S", "xml\\|csv", "ID"]
        if words.indices.contains(where: { !values.contains($0) && placeholders.contains(words[$0]) }) { return "placeholder" }
        let explore = words.contains("explore") || !words.contains(where: { ["report", "validate", "audit", "generate", "ledger"].contains($0) })
        let asked = words.contains(where: { ["--keys", "--keys-file", "--export", "--screen", "--version", "--help", "--generate-completion-script"].contains($0) })
        if explore && !asked { return "interactive" }
        return nil
    }

    /// `command` for sh from the package root: cinx is the binary under test (`$0`), and the value of
    /// every --out and --export a path in `dir`.
    static func runnable(_ command: String, dir: String) -> String {
        var words = command.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        // cinx at the start of the line or of the pipe's last command.
        let start = (words.indices.dropLast().last { words[$0] == "|" && ["cinx", "swift"].contains(words[$0 + 1]) }.map { $0 + 1 }) ?? 0
        if words[start...].starts(with: ["swift", "run", "cinx"]) { words.removeSubrange(start..<start + 2) }
        words[start] = "\"$0\""
        // `--out -` (standard output) stays.
        for i in words.indices.dropLast() where (words[i] == "--out" || words[i] == "--export") && words[i + 1] != "-" {
            let name = (words[i + 1] as NSString).lastPathComponent
            words[i + 1] = "'\(dir)/\(name.isEmpty ? "out" : name)'"
        }
        return words.joined(separator: " ")
    }

    /// Runs `command` as the docs show it; its exit status and output.
    static func run(_ command: String) throws -> (status: Int32, output: String) {
        let dir = NSTemporaryDirectory() + "cinx-docs-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = dir + ".log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let rc = CinxProcess.run(["/bin/sh", "-c", runnable(command, dir: dir), CinxProcess.binary], log: log, cwd: CinxProcess.packageRoot)
        return (rc, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    @Test func theParserFindsTheDocumentedCommands() throws {
        let found = Self.commands(in: "```sh\nmake run   # x\nswift run cinx validate a.xml  # b\n  cinx | screen\n```\ncinx report outside\n")
        #expect(found == ["swift run cinx validate a.xml"])
        #expect(Self.tableCommands(in: "| `cinx report FILE... --table age` | x |\n| `make` | y |")
                == ["cinx report demo-data/cin-flat.csv.gz --table age"])
        #expect(Self.runnable("cinx report x --out answer.xlsx", dir: "/t") == "\"$0\" report x --out '/t/answer.xlsx'")
        #expect(Self.runnable("gzip -dc x.gz | swift run cinx report -", dir: "/t") == "gzip -dc x.gz | \"$0\" report -")
        #expect(Self.runnable("cinx report x --out -", dir: "/t") == "\"$0\" report x --out -")
        #expect(Self.commands(in: "```\ngzip -dc x.gz | cinx report - --out -\n```").count == 1)
        #expect(Self.skipped("cinx explore demo-data/x.xml") == "interactive")
        #expect(Self.skipped("cinx --keys 'by need' --screen") == nil)
        #expect(Self.skipped("cinx report F --out DIR") == nil)
        #expect(Self.skipped("cinx audit DIR...") == "placeholder")
        // What the test exists to catch is caught: a documented table that is no longer one.
        #expect(try Self.run("cinx report demo-data/cin-flat.csv.gz --table maltreatments").status == 64)
    }

    @Test func everyDocumentedCommandRunsWithoutAUsageError() throws {
        var ran = 0
        for document in Self.documents {
            guard let text = try? String(contentsOfFile: CinxProcess.packageRoot + "/" + document, encoding: .utf8) else { continue }
            let commands = Self.commands(in: text) + (document == "README.md" ? Self.tableCommands(in: text) : [])
            for command in commands where Self.skipped(command) == nil {
                let (rc, output) = try Self.run(command)
                // 0, 1 (validate's problems found) and 2 (a refusal) are answers; 64 is the docs' mistake,
                // and -1 or 128+ a crash.
                #expect([0, 1, 2].contains(rc), "\(document): \(command) exited \(rc):\n\(output)")
                ran += 1
            }
        }
        #expect(ran >= 10, "the documented commands were not found")
    }
}
