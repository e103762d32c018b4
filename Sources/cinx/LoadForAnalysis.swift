import CINModel
import Foundation

enum CLIOutput {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("cinx: \(message)\n".utf8))
    }
    static func note(_ message: String) {
        FileHandle.standardError.write(Data(message.utf8))
    }
}

/// Loads files for report/explore; writes a one-paragraph load summary to stderr. Returns nil
/// (after saying why) when nothing usable loaded.
func loadForAnalysis(_ files: [String], quiet: Bool = false, showProgress: Bool = false) -> CensusLoader.Result? {
    var lastShown = -1
    let progress: CensusLoader.Progress? = showProgress ? { index, path, bytes in
        // One line, rewritten in place, at most every 16 MB.
        let mb = bytes >> 24
        guard mb != lastShown || bytes == 0 else { return }
        lastShown = mb
        let name = path.split(separator: "/").last.map(String.init) ?? path
        CLIOutput.note("\rloading file \(index + 1)/\(files.count) \(name): \(bytes >> 20) MB read\u{1B}[K")
    } : nil
    let result = CensusLoader.load(paths: files, progress: progress)
    if showProgress { CLIOutput.note("\r\u{1B}[K") }
    let r = result.report
    if !quiet {
        var s = "loaded \(files.count) file(s): \(result.data.children.count) children, \(result.data.episodes.count) episodes, \(result.data.assessments.count) assessments; \(r.totalProblems) data-quality problem(s)"
        s += r.totalProblems > 0 ? " (cinx validate lists them)\n" : "\n"
        for f in r.failedFiles {
            if let p = r.problems.first(where: { $0.file == f && ($0.rule == .unreadableFile || $0.rule == .notACINReturn || $0.rule == .malformedXML || $0.rule == .missingColumn) }) {
                s += "  \(p.formatted)\n"
            }
        }
        CLIOutput.note(s)
    }
    if result.data.children.isEmpty {
        CLIOutput.error("nothing usable loaded from \(files.joined(separator: ", "))")
        return nil
    }
    return result
}

