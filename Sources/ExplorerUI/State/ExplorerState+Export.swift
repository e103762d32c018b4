import CINRelease
import CohortEngine
import CINModel
import Foundation

extension ExplorerState {
    /// Threshold exports use: the screen's, or the DfE's 5 when the screen has suppression off.
    public var exportThreshold: Int { threshold > 0 ? threshold : Suppression.dfeThreshold }

    /// The comment block at the top of an export: what the numbers are and how they were made.
    public func exportHeader(view: String) -> String {
        let s = engine.settings
        var lines = [
            "cinx export: \(view)",
            "extract: \(extractFiles.isEmpty ? extractName : extractFiles.joined(separator: " "))",
            "reporting year: \(s.year - 1)-\(String(s.year).suffix(2)) (first assessment with factor data authorised 1 April \(s.year - 1) to 31 March \(s.year))",
            "follow-up: \(s.followUpYears) year(s); need episode: \(s.needEpisode.rawValue)",
            "filters: \(effectiveFilter.description)",
            "path: \(breadcrumb)",
            "cohorts shown: \(visibleCohorts.joined(separator: " "))",
            "values: \(percentMode.rawValue)",
            "suppression: counts 1-\(exportThreshold) shown as c, with secondary suppression",
            "definitions: \(ReportTables.definitionsVersion) (docs/definitions.md)",
            "exported: \(today)",
        ]
        if reveal { lines.append("note: the screen revealed suppressed counts; this file does not") }
        return lines.map { "# " + $0 }.joined(separator: "\n") + "\n"
    }

    /// The view as exported: the screen's rows, columns and order, suppressed at `exportThreshold`.
    public func exportModel() -> ViewModel {
        var copy = self
        copy.threshold = exportThreshold
        copy.reveal = false
        copy.refresh()
        return copy.model
    }

    mutating func export(to path: String, all: Bool, overwrite: Bool) {
        let fm = FileManager.default
        if !overwrite && fm.fileExists(atPath: all ? path + "/summary.csv" : path) {
            overlay = .prompt(Prompt(kind: .confirmOverwrite(path: path, all: all), text: ""))
            return
        }
        do {
            if all {
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue {
                    throw AtomicFileWriter.Failure(path: path, reason: "it is a file, not a folder")
                }
                do { try fm.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) }
                catch { throw AtomicFileWriter.Failure(path: path, reason: error.localizedDescription) }
                for name in ["summary", "age", "ethnicity", "ethnic-group", "maltreatment", "need"] {
                    let t = ReportTables.suppressed(engine: engine, name: name, threshold: exportThreshold, filter: effectiveFilter)
                    try AtomicFileWriter.write(TableFormatter.csv(t), to: "\(path)/\(name).csv", overwrite: true)
                }
                try AtomicFileWriter.write(exportHeader(view: "all tables (summary, age, ethnicity, ethnic-group, maltreatment, need)"),
                                           to: "\(path)/context.txt", overwrite: true)
                say("exported 6 tables to \(path)/")
            } else {
                let m = exportModel()
                let view = frame.dimension.map { "cohort by \($0.title)" } ?? "cohort summary"
                try AtomicFileWriter.write(exportHeader(view: view) + m.csv(), to: path, overwrite: overwrite)
                say("exported \(m.rowIDs.count) rows to \(path) (suppressed at \(exportThreshold), mode 0600)")
            }
        } catch let e as AtomicFileWriter.Failure {
            say("export failed: \(e.description); nothing was changed", error: true)
        } catch {
            say("export failed: \(error)", error: true)
        }
    }
}
