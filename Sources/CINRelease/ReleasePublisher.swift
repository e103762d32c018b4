import CohortEngine
import Foundation

/// The one step through which everything cinx publishes leaves the program: `cinx report` in every
/// format and destination, and every explorer export (a view, the whole release, as CSV or as a
/// workbook). Each takes the publication, rendered here and nowhere else, and the manifest of the
/// release it belongs to; what must happen to every release written (recording it, say) is added here.
public enum ReleasePublisher {
    public enum TextFormat: Sendable { case csv, markdown, json }

    public enum Destination {
        /// A release directory: each table as `NAME.csv`, `release.json`, `README.md`, and `extra` files
        /// (the explorer's `context.txt`), written whole or not at all (`ReleaseWriter.writeDirectory`).
        case directory(String, extra: [(file: String, text: String)])
        /// One file holding every table in `format`, and files beside it named by the path and a suffix
        /// (a view's `.context.txt`).
        case file(String, format: TextFormat, beside: [(suffix: String, text: String)])
        /// A workbook: a sheet per table and the notes.
        case workbook(String)
        /// Standard output (the report without `--out`).
        case standardOutput(TextFormat)
    }

    /// The publication as text: CSV tables one after another (a blank line between), Markdown, or JSON.
    public static func text(_ p: Publication, as format: TextFormat) -> String {
        switch format {
        case .csv: return p.tables.map(TableFormatter.csv).joined(separator: "\n")
        case .markdown: return TableFormatter.markdown(p)
        case .json: return TableFormatter.json(p)
        }
    }

    /// Writes `publication` to `destination`. Suppression off (threshold 0) marks what is written
    /// `NOT-FOR-PUBLICATION`; `overwrite` false refuses to replace an existing file.
    /// - Parameter comparison: the side-by-side view of readings (`--compare`): the workbook gains its sheet.
    public static func publish(_ publication: Publication, manifest: ReleaseManifest, to destination: Destination,
                               overwrite: Bool, comparison: ReadingComparisonRelease.Set? = nil) throws(AtomicFileWriter.Failure) {
        let unsuppressed = publication.threshold == 0
        switch destination {
        case .directory(let path, let extra):
            try ReleaseWriter.writeDirectory(path, tables: publication.tables.map { ($0.name + ".csv", TableFormatter.csv($0)) },
                                             manifest: manifest, unsuppressed: unsuppressed, overwrite: overwrite, extra: extra)
        case .file(let path, let format, let beside):
            try ReleaseWriter.writeFile(path, text: text(publication, as: format), unsuppressed: unsuppressed, overwrite: overwrite)
            for b in beside { try AtomicFileWriter.write(b.text, to: path + b.suffix, overwrite: true) }
        case .workbook(let path):
            let data: Data
            var workbook = ReleaseWorkbook.workbook(publication, manifest: manifest)
            if let comparison { workbook.sheets.append(ReadingComparisonFormatter.sheet(comparison)) }
            do { data = try workbook.data() } catch {
                throw AtomicFileWriter.Failure(path: path, reason: "cannot build the workbook (\(error))")
            }
            try ReleaseWriter.writeWorkbook(path, bytes: [UInt8](data), unsuppressed: unsuppressed, overwrite: overwrite)
        case .standardOutput(let format):
            FileHandle.standardOutput.write(Data(text(publication, as: format).utf8))
        }
    }
}
