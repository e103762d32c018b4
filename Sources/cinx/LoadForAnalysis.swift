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
func loadForAnalysis(_ files: [String], quiet: Bool = false) -> CensusLoader.Result? {
    let result = CensusLoader.load(paths: files)
    LastLoad.report = result.report
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

/// The report of the last load, for the explorer's data-quality page.
enum LastLoad {
    nonisolated(unsafe) static var report = LoadReport()
}
