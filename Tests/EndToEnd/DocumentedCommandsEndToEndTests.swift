import Testing
import Foundation

/// Every shell command in a ```sh block of README.md and docs/*.md runs as written, and so does each
/// command of the README's table of commands (FILE... as the demo's flat file): a command that fails, is
/// a usage error (64) or crashes fails the test, so that a renamed option, table or script cannot leave
/// the docs teaching a command that does not work.
///
/// How they run: each document's commands in order (a command may use a file an earlier one made), with
/// bash, in a temporary directory of the document's own that links every entry of the package root but
/// `.build`, `.git` and `bench-data` (so `demo-data/...`, `scripts/...` and `bench/...` read as written,
/// and every output lands in the temporary directory). `cinx` and `cinx-bench` are the binaries under test: `swift run cinx`,
/// `swift run -c release cinx`, `.build/release/cinx` (and the same for cinx-bench) name them. A
/// placeholder FILE, FILES or FILE... is the demo's flat file.
///
/// Benchmarks run at 300 children (`--children`, `--sizes` and `bench/compare.sh`'s size), so their commands
/// are checked and their timings are not. What does not run is listed in `Self.notRun`, each with the
/// reason, and the interactive explorer (`cinx` or `cinx explore` without --keys, --export or --screen).
@Suite struct DocumentedCommandsEndToEndTests {
    /// The documents: README.md and every docs/*.md.
    static var documents: [String] {
        let docs = ((try? FileManager.default.contentsOfDirectory(atPath: CinxProcess.packageRoot + "/docs")) ?? [])
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        return ["README.md"] + docs
    }

    /// Commands not run, by what they contain (after the rewrites below), and why.
    static let notRun: [(containing: String, reason: String)] = [
        ("make run", "the interactive explorer"),
        ("make test", "runs every suite, this one included"),
        ("swift test", "runs test suites (the sanitizer runs and the million-step soak take hours; run by hand, docs/reliability.md)"),
        ("swift build -c release", "a release build (minutes); the debug build's cinx-bench stands for it"),
        ("bash Fuzz/run.sh", "builds the libFuzzer harnesses with sanitizers and fuzzes for minutes"),
        ("scripts/check-behaviour.sh", "builds two release binaries (minutes); run before each merge"),
        ("bash bench/compare.sh", "needs the duckdb Python module, which make test does not install"),
        ("cinx-bench --custom-cohorts", "takes minutes by design: up to eight custom cohorts, each release with a 10 s budget"),
        ("valgrind", "a callgrind profile takes minutes, and valgrind is not among what make test installs"),
        ("callgrind_annotate", "reads a callgrind profile (valgrind, above)"),
        ("--compare all", "protects every choice's side by side in one linked release: minutes by design; ReadingsEndToEndTests runs --compare"),
    ]

    /// Placeholders with no stand-in: a command naming one is not run.
    static let placeholders: Set<String> = ["DIR...", "DIR1", "DIR2", "BASE_REV", "N", "S", "xml\\|csv", "STANDARD_DIR", "FILTERED_DIR...", "ID", "POOLED..."]

    /// The commands of `text`'s ```sh blocks: comments removed, a `\` line or a `for`/`while`/`if`
    /// compound joined with the lines that complete it.
    static func commands(in text: String) -> [String] {
        var inShell = false
        var inBlock = false
        var found: [String] = []
        var current: String?
        var continued = false
        var depth = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                if !inBlock { inShell = ["sh", "bash", "shell"].contains(trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)) }
                inBlock.toggle()
                continue
            }
            guard inBlock && inShell else { continue }
            var line = withoutComment(trimmed)
            guard !line.isEmpty else { continue }
            let first = line.split(separator: " ").first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ";")) } ?? ""
            if ["for", "while", "if"].contains(first) { depth += 1 }
            if ["done", "fi"].contains(first) { depth -= 1 }
            let endsContinued = line.hasSuffix("\\")
            if endsContinued { line = String(line.dropLast()).trimmingCharacters(in: .whitespaces) }
            current = current.map { $0 + (continued ? " " : "\n") + line } ?? line
            continued = endsContinued
            if !continued && depth <= 0, let command = current {
                found.append(command)
                current = nil
                depth = 0
            }
        }
        return found
    }

    /// `line` without a shell comment (`#` at the start or after a space, outside quotes).
    static func withoutComment(_ line: String) -> String {
        var quote: Character?
        var previous: Character = " "
        for (offset, c) in line.enumerated() {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "#" && previous.isWhitespace {
                return String(line.prefix(offset)).trimmingCharacters(in: .whitespaces)
            }
            previous = c
        }
        return line
    }

    /// The commands of a Markdown table's first column (`| \`cinx report FILE... --table all\` | ...`).
    static func tableCommands(in text: String) -> [String] {
        text.split(separator: "\n").compactMap { row -> String? in
            guard row.hasPrefix("| `cinx") else { return nil }
            return String(row.dropFirst(3).prefix { $0 != "`" })
        }
    }

    /// `command` as it runs: the binaries under test named `cinx` and `cinx-bench`, FILE as the demo's
    /// flat file, benchmarks at 300 children.
    static func runnable(_ command: String) -> String {
        var text = command
        for (from, to) in [("swift run -c release cinx-bench", "cinx-bench"), ("swift run -c release cinx", "cinx"),
                           ("swift run cinx-bench", "cinx-bench"), ("swift run cinx", "cinx"),
                           (".build/release/cinx-bench", "cinx-bench"), (".build/release/cinx", "cinx")] {
            text = text.replacingOccurrences(of: from, with: to)
        }
        text = text.components(separatedBy: " ")
            .map { ["FILE", "FILES", "FILE..."].contains($0) ? "demo-data/cin-flat.csv.gz" : $0 }.joined(separator: " ")
        text = text.replacing(/--children \d{4,}/, with: "--children 300")
        text = text.replacing(/--sizes [\d,]+/, with: "--sizes 300")
        text = text.replacing(/bench\/compare\.sh \d+/, with: "bench/compare.sh 300")
        return text
    }

    /// Why `command` (as it runs) is not run, or nil to run it.
    static func skipped(_ command: String) -> String? {
        let words = command.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        if words.contains(where: { placeholders.contains($0) }) { return "a placeholder" }
        if let rule = notRun.first(where: { command.contains($0.containing) }) { return rule.reason }
        // The explorer without a script reads its keys from the terminal.
        let cinx = words.firstIndex { $0 == "cinx" }
        if let cinx {
            let rest = words[(cinx + 1)...]
            let other = rest.first.map { ["report", "validate", "audit", "generate", "ledger"].contains($0) } ?? false
            let batch = rest.contains { ["--keys", "--keys-file", "--export", "--screen", "--version", "--help", "--generate-completion-script"].contains($0) }
            if !other && !batch { return "the interactive explorer" }
        }
        return nil
    }

    /// A directory that reads like the package root (its entries linked, `.build` and `bench-data` left
    /// out), with the binaries under test first on PATH as `cinx` and `cinx-bench`.
    static func sandbox(_ name: String) throws -> String {
        let dir = CinxProcess.workDirectory("cinx-docs", name)
        let fm = FileManager.default
        for entry in try fm.contentsOfDirectory(atPath: CinxProcess.packageRoot) where ![".build", ".git", "bench-data"].contains(entry) {
            try fm.createSymbolicLink(atPath: dir + "/" + entry, withDestinationPath: CinxProcess.packageRoot + "/" + entry)
        }
        try fm.createDirectory(atPath: dir + "/.bin", withIntermediateDirectories: true)
        let binaries = (CinxProcess.binary as NSString).deletingLastPathComponent
        try fm.createSymbolicLink(atPath: dir + "/.bin/cinx", withDestinationPath: CinxProcess.binary)
        try fm.createSymbolicLink(atPath: dir + "/.bin/cinx-bench", withDestinationPath: binaries + "/cinx-bench")
        return dir
    }

    /// Runs `command` (as it runs) with bash in `dir`; its exit status and output.
    static func run(_ command: String, in dir: String) -> (status: Int32, output: String) {
        let log = dir + "/.log"
        let rc = CinxProcess.run(["timeout", "900", "bash", "-c", "export PATH=\"$0/.bin:$PATH\"\n" + command, dir], log: log, cwd: dir)
        return (rc, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    @Test func theParserFindsTheDocumentedCommands() throws {
        let text = """
            ```sh
            make run   # x
            swift run cinx validate a.xml  # b
            # a comment line
            cinx report - --cohort 'F=6B # not a comment' \\
              --table summary
            for i in 1 2; do
              cinx validate x  # y
            done
            ```
            ```
            cinx | screen
            ```
            cinx report outside
            """
        #expect(Self.commands(in: text) == ["make run", "swift run cinx validate a.xml",
                                             "cinx report - --cohort 'F=6B # not a comment' --table summary",
                                             "for i in 1 2; do\ncinx validate x\ndone"])
        #expect(Self.tableCommands(in: "| `cinx report FILE... --table age` | x |\n| `make` | y |") == ["cinx report FILE... --table age"])
        #expect(Self.runnable("swift run cinx report FILE... --out answer.xlsx") == "cinx report demo-data/cin-flat.csv.gz --out answer.xlsx")
        #expect(Self.runnable("time cinx generate --children 1800000 --seed 2017") == "time cinx generate --children 300 --seed 2017")
        #expect(Self.runnable("swift run -c release cinx-bench --sizes 10000,100000 --json b.json") == "cinx-bench --sizes 300 --json b.json")
        #expect(Self.skipped("cinx explore demo-data/x.xml") == "the interactive explorer")
        #expect(Self.skipped("cinx") == "the interactive explorer")
        #expect(Self.skipped("cinx --keys 'by need' --screen") == nil)
        #expect(Self.skipped("cinx report F --out DIR") == nil)
        #expect(Self.skipped("cinx audit DIR...") == "a placeholder")
        #expect(Self.skipped("cinx-bench --custom-cohorts") != nil)
        #expect(Self.skipped("make test") != nil)
    }

    /// What the test exists to catch is caught: a documented table that is no longer one, and a
    /// documented command that needs a file no earlier command made.
    @Test func aBrokenCommandFails() throws {
        let dir = try Self.sandbox("broken")
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        #expect(Self.run("cinx report demo-data/cin-flat.csv.gz --table maltreatments", in: dir).status == 64)
        #expect(Self.run("cinx validate made-by-nothing.xml", in: dir).status == 2)
        #expect(Self.run("cinx report demo-data/cin-flat.csv.gz --table summary --out here.csv", in: dir).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir + "/here.csv"), "outputs land in the document's directory")
    }

    @Test(arguments: documents) func everyDocumentedCommandRuns(document: String) throws {
        let text = try String(contentsOfFile: CinxProcess.packageRoot + "/" + document, encoding: .utf8)
        let commands = Self.commands(in: text) + (document == "README.md" ? Self.tableCommands(in: text) : [])
        let dir = try Self.sandbox((document as NSString).lastPathComponent)
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        for command in commands.map(Self.runnable) {
            // The log says what was left out, so a skip is never silent.
            if let reason = Self.skipped(command) {
                print("\(document): not run (\(reason)): \(command)")
                continue
            }
            print("\(document): runs: \(command)")
            let (rc, output) = Self.run(command, in: dir)
            // 1 is an answer (validate found problems, audit found a cell); 2 (could not do its work), 64
            // (usage), 124 (timeout) and a crash are the docs' mistake or cinx's.
            #expect([0, 1].contains(rc), "\(document): `\(command)` exited \(rc):\n\(output.suffix(3000))")
        }
    }

    @Test func theDocsHaveCommandsToRun() throws {
        var ran = 0
        for document in Self.documents {
            let text = try String(contentsOfFile: CinxProcess.packageRoot + "/" + document, encoding: .utf8)
            ran += Self.commands(in: text).map(Self.runnable).filter { Self.skipped($0) == nil }.count
        }
        #expect(ran >= 15, "the documented commands were not found")
    }
}
