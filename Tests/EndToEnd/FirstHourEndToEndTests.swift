import Testing
import Foundation

/// What a new user tries in the first hour: `-` for standard input and output, completions in the
/// shell, help that reads at 80 columns.
@Suite struct FirstHourEndToEndTests {
    static let flat = "demo-data/cin-flat.csv.gz"

    static func work(_ name: String) -> String { CinxProcess.workDirectory("cinx-first-hour", name) }

    /// Runs `script` in sh from the package root with `$0` the cinx under test (for pipes and
    /// redirections); its status and its output (stdout and stderr together unless it redirects).
    static func shell(_ script: String) -> (status: Int32, output: String) {
        CinxProcess.output(of: ["/bin/sh", "-c", script, CinxProcess.binary])
    }

    @Test func aDashReadsStandardInputAsAFileWouldBeRead() {
        let (rc, piped) = Self.shell("cat \(Self.flat) | \"$0\" report - --table summary --quiet")
        let (frc, fromFile) = CinxProcess.cinx(["report", Self.flat, "--table", "summary", "--quiet"])
        #expect(rc == 0 && frc == 0, "\(piped)")
        #expect(piped == fromFile && piped.hasPrefix("cohort,label,children"), "\(piped)")
        // Not gzipped, through validate: the same children load.
        let (vrc, validated) = Self.shell("gzip -dc \(Self.flat) | \"$0\" validate - --format json")
        let (_, validatedFile) = CinxProcess.cinx(["validate", Self.flat, "--format", "json"])
        #expect(vrc == 0 || vrc == 1, "\(validated)")
        #expect(validated.contains("\"children\"") && validated.contains("stdin") && !validated.contains("\"-\""), "\(validated)")
        let count = { (text: String) in text.split(separator: "\n").first { $0.contains("\"children\"") } }
        #expect(count(validated) == count(validatedFile), "\(validated)")
        // The explorer in batch mode.
        let (erc, explored) = Self.shell("cat \(Self.flat) | \"$0\" explore - --screen --size 80x20 --quiet")
        #expect(erc == 0 && explored.contains("year 2016-17"), "\(explored)")
        // The interactive explorer reads its keys from standard input, so not its data too.
        let (irc, interactive) = Self.shell("cat \(Self.flat) | \"$0\" explore -")
        #expect(irc == 64 && interactive.hasPrefix("cinx: - (standard input) is read only in batch mode"), "\(interactive)")
        // The context of a JSON report names the extract stdin.
        let (jrc, json) = Self.shell("cat \(Self.flat) | \"$0\" report - --table age --format json --quiet")
        #expect(jrc == 0 && json.contains("\"extract\" : \"stdin\""), "\(json)")
    }

    @Test func standardInputIsNamedStdinInMessages() {
        let (rc, out) = Self.shell("printf 'not a return' | \"$0\" validate -")
        #expect(rc == 2, "\(out)")
        #expect(out.contains("stdin: not a CIN census XML return or liiatools flat CSV"), "\(out)")
        #expect(!out.contains("-: not a"), "\(out)")
    }

    @Test func standardInputCanBeGivenOnce() {
        let (rc, out) = Self.shell("cat \(Self.flat) | \"$0\" report - - --table summary")
        #expect(rc == 64, "\(out)")
        #expect(out.hasPrefix("cinx: - (standard input) can be given once"), "\(out)")
    }

    @Test func aReleaseFromStandardInputNamesItStdinWithoutAFalseDigest() throws {
        let dir = Self.work("release") + "/out"
        let (rc, out) = Self.shell("cat \(Self.flat) | \"$0\" report - --table all --out '\(dir)' --quiet")
        try #require(rc == 0, "\(out)")
        let json = try String(contentsOfFile: dir + "/release.json", encoding: .utf8)
        #expect(json.contains("\"path\" : \"stdin\""), "\(json)")
        #expect(json.contains("not computed: read from standard input"), "\(json)")
        // The SHA-256 of no bytes: what hashing the drained pipe again would have said.
        #expect(!json.contains("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
    }

    @Test func aReleaseFromAPipeDoesNotClaimTheDigestOfNoBytes() throws {
        let dir = Self.work("pipe") + "/out"
        let (rc, out) = Self.shell("exec bash -c '\"$0\" report <(cat \(Self.flat)) --table all --out \(dir) --quiet' \"$0\"")
        try #require(rc == 0, "\(out)")
        let json = try String(contentsOfFile: dir + "/release.json", encoding: .utf8)
        #expect(json.contains("not computed: read from a pipe"), "\(json)")
        #expect(!json.contains("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), "\(json)")
    }

    @Test func outDashWritesOneTableToStandardOutput() {
        for format in ["csv", "markdown", "json"] {
            let (rc, out) = CinxProcess.cinx(["report", Self.flat, "--table", "age", "--format", format, "--out", "-", "--quiet"])
            let (_, plain) = CinxProcess.cinx(["report", Self.flat, "--table", "age", "--format", format, "--quiet"])
            #expect(rc == 0 && out == plain && !out.isEmpty, "\(format): \(out)")
        }
        #expect(!FileManager.default.fileExists(atPath: CinxProcess.packageRoot + "/-"))
    }

    @Test func outDashIsRefusedForAWorkbookAndForSeveralTables() {
        let (xrc, xlsx) = CinxProcess.cinx(["report", Self.flat, "--table", "summary", "--format", "xlsx", "--out", "-"])
        #expect(xrc == 64, "\(xlsx)")
        #expect(xlsx.hasPrefix("cinx: --out - writes to standard output, but --format xlsx writes a binary workbook"), "\(xlsx)")
        let (arc, all) = CinxProcess.cinx(["report", Self.flat, "--table", "all", "--out", "-"])
        #expect(arc == 64, "\(all)")
        #expect(all.hasPrefix("cinx: --out - writes one table to standard output, but --table all --format csv writes several tables"), "\(all)")
        #expect(!FileManager.default.fileExists(atPath: CinxProcess.packageRoot + "/-"))
    }

    @Test func completionsOfferTablesFormatsAndNeedEpisodes() {
        for shell in ["bash", "zsh", "fish"] {
            let (rc, script) = CinxProcess.cinx(["--generate-completion-script", shell])
            #expect(rc == 0, "\(shell)")
            for word in ["summary", "ethnic-group", "maltreatment", "cpp-category", "authority", "trend", "markdown", "xlsx", "later"] {
                #expect(script.contains(word), "\(shell) completion lacks \(word)")
            }
        }
        let (_, bash) = CinxProcess.cinx(["--generate-completion-script", "bash"])
        #expect(bash.contains("xml") && bash.contains("gz"), "file arguments complete census files")
        #expect(bash.contains("age=") && bash.contains("authority="), "--where completes its dimensions")
    }

    @Test func helpReadsAt80Columns() {
        for command in ["explore", "report", "validate", "audit", "generate"] {
            let (rc, help) = Self.shell("COLUMNS=80 \"$0\" \(command) --help")
            #expect(rc == 0, "\(command): \(help)")
            for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
                #expect(line.count <= 80, "\(command) --help: \(line)")
            }
            // The overview and discussion are filled paragraphs: a line well short of the width followed
            // by more of the paragraph is a hard line break in the source, which ArgumentParser keeps.
            let intro = help.components(separatedBy: "\nUSAGE:")[0].split(separator: "\n", omittingEmptySubsequences: false)
            for (line, next) in zip(intro, intro.dropFirst()) where !line.isEmpty && !next.isEmpty {
                #expect(line.count + 1 + (next.split(separator: " ").first?.count ?? 0) > 76,
                        "\(command) --help breaks a paragraph early: '\(line)'")
            }
            // A default or the list of values split from its label ("(default:" at the end of one line,
            // "first)" alone on the next) reads as a stray word.
            for line in help.split(separator: "\n") {
                #expect(!line.hasSuffix("(default:") && !line.hasSuffix("(values:"), "\(command) --help splits: '\(line)'")
            }
        }
    }
}
