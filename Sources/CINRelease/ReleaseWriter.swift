import Foundation

/// Writes a release: its tables, its manifest, and, when suppression is off, a
/// `NOT-FOR-PUBLICATION.txt` beside them (CSV itself stays data only).
public enum ReleaseWriter {
    public static let notForPublication = "NOT-FOR-PUBLICATION.txt"
    static let notForPublicationText = """
        These tables were written with suppression off (--suppress 0): counts from 1 to 5 are shown.
        They identify children. Do not publish them or send them outside your organisation.

        """

    /// Tables and `release.json` into `directory` (created 0700), each file written atomically with mode 0600.
    public static func writeDirectory(_ directory: String, tables: [(file: String, text: String)], manifest: ReleaseManifest,
                                      unsuppressed: Bool, overwrite: Bool) throws(AtomicFileWriter.Failure) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isDir) {
            guard isDir.boolValue else { throw AtomicFileWriter.Failure(path: directory, reason: "it is not a directory") }
        } else {
            do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) }
            catch { throw AtomicFileWriter.Failure(path: directory, reason: error.localizedDescription) }
        }
        if !overwrite, let existing = tables.first(where: { fm.fileExists(atPath: directory + "/" + $0.file) }) {
            throw AtomicFileWriter.Failure(path: directory + "/" + existing.file, reason: "the file exists (--force to overwrite)")
        }
        for t in tables { try AtomicFileWriter.write(t.text, to: directory + "/" + t.file, overwrite: true) }
        try AtomicFileWriter.write(manifest.json(), to: directory + "/" + ReleaseManifest.fileName, overwrite: true)
        try AtomicFileWriter.write(manifest.readme(files: tables.map(\.file) + [ReleaseManifest.fileName]), to: directory + "/README.md", overwrite: true)
        try markPublication(beside: directory + "/" + notForPublication, unsuppressed: unsuppressed)
    }

    /// One output file; an unsuppressed one gets `NOT-FOR-PUBLICATION.txt` in its directory.
    public static func writeFile(_ path: String, text: String, unsuppressed: Bool, overwrite: Bool) throws(AtomicFileWriter.Failure) {
        try AtomicFileWriter.write(text, to: path, overwrite: overwrite)
        if unsuppressed {
            let dir = (path as NSString).deletingLastPathComponent
            try markPublication(beside: (dir.isEmpty ? "." : dir) + "/" + notForPublication, unsuppressed: true)
        }
    }

    /// A workbook file; an unsuppressed one gets `NOT-FOR-PUBLICATION.txt` in its directory.
    public static func writeWorkbook(_ path: String, bytes: [UInt8], unsuppressed: Bool, overwrite: Bool) throws(AtomicFileWriter.Failure) {
        try AtomicFileWriter.write(bytes: bytes, to: path, overwrite: overwrite)
        if unsuppressed {
            let dir = (path as NSString).deletingLastPathComponent
            try markPublication(beside: (dir.isEmpty ? "." : dir) + "/" + notForPublication, unsuppressed: true)
        }
    }

    private static func markPublication(beside path: String, unsuppressed: Bool) throws(AtomicFileWriter.Failure) {
        if unsuppressed {
            try AtomicFileWriter.write(notForPublicationText, to: path, overwrite: true)
        } else if FileManager.default.fileExists(atPath: path) {
            // A suppressed release written over an unsuppressed one is publishable again.
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
