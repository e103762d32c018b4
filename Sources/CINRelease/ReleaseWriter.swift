import CINModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a release: its tables, its manifest, and, when suppression is off, a
/// `NOT-FOR-PUBLICATION.txt` beside them (CSV itself stays data only).
public enum ReleaseWriter {
    public static let notForPublication = "NOT-FOR-PUBLICATION.txt"
    static let notForPublicationText = """
        These tables were written with suppression off (--suppress 0): counts from 1 to 5 are shown.
        They identify children. Do not publish them or send them outside your organisation.

        """

    /// Files a release directory of ours may hold: replacing a directory with anything else in it is refused.
    static func isOurs(_ name: String) -> Bool {
        name.hasSuffix(".csv") || [ReleaseManifest.fileName, "README.md", notForPublication, "context.txt"].contains(name)
    }

    /// Writes a release whole: every file (tables, `release.json`, `README.md`, and when unsuppressed
    /// `NOT-FOR-PUBLICATION.txt`) goes into a temporary directory beside the target, 0700 with files
    /// 0600, each fsynced, then the directory takes the target's place by rename. A failure leaves the
    /// old release as it was and removes the temporary directory; a second writer of the same target
    /// at once is refused (a lock file beside it, `flock`).
    public static func writeDirectory(_ directory: String, tables: [(file: String, text: String)], manifest: ReleaseManifest,
                                      unsuppressed: Bool, overwrite: Bool, extra: [(file: String, text: String)] = []) throws(AtomicFileWriter.Failure) {
        let fm = FileManager.default
        let target = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        let parent = PathFolder.of(target).isEmpty ? "." : PathFolder.of(target)
        let name = PathFolder.name(target)
        if !fm.fileExists(atPath: parent) {
            do { try fm.createDirectory(atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) }
            catch { throw AtomicFileWriter.Failure(path: parent, reason: error.localizedDescription) }
        }
        // One writer at a time, from the checks to the rename.
        let lockPath = "\(parent)/.\(name).cinx-lock"
        let lock = open(lockPath, O_CREAT | O_RDWR, 0o600)
        guard lock >= 0 else { throw AtomicFileWriter.Failure(path: target, reason: "cannot lock: " + String(cString: strerror(errno))) }
        defer { close(lock) }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            throw AtomicFileWriter.Failure(path: target, reason: "another cinx is writing this release now: refused")
        }
        defer { unlink(lockPath) }
        var st = stat()
        let exists = lstat(target, &st) == 0
        if exists {
            guard (st.st_mode & S_IFMT) == S_IFDIR else { throw AtomicFileWriter.Failure(path: target, reason: "it is not a directory") }
            let names = (try? fm.contentsOfDirectory(atPath: target)) ?? []
            if let foreign = names.first(where: { !isOurs($0) }) {
                throw AtomicFileWriter.Failure(path: target, reason: "it holds \(foreign), which is not part of a cinx release: refused")
            }
            if !overwrite, let existing = tables.first(where: { names.contains($0.file) }) {
                throw AtomicFileWriter.Failure(path: target + "/" + existing.file, reason: "the file exists (--force to overwrite)")
            }
        }
        var template = Array("\(parent)/.\(name).cinx-tmp-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buf -> Bool in buf.baseAddress.map { mkdtemp($0) != nil } ?? false }
        guard made else { throw AtomicFileWriter.Failure(path: target, reason: "cannot make a temporary directory: " + String(cString: strerror(errno))) }
        let temp = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        do throws(AtomicFileWriter.Failure) {
            chmod(temp, 0o700)
            for t in tables + extra { try AtomicFileWriter.write(t.text, to: temp + "/" + t.file, overwrite: true) }
            try AtomicFileWriter.write(manifest.json(), to: temp + "/" + ReleaseManifest.fileName, overwrite: true)
            try AtomicFileWriter.write(manifest.readme(files: tables.map(\.file) + [ReleaseManifest.fileName]), to: temp + "/README.md", overwrite: true)
            if unsuppressed { try AtomicFileWriter.write(notForPublicationText, to: temp + "/" + notForPublication, overwrite: true) }
            let dfd = open(temp, O_RDONLY)
            if dfd >= 0 { fsync(dfd); close(dfd) }
            if exists {
                // The old release steps aside, the new one takes its name, the old one goes.
                let aside = "\(parent)/.\(name).cinx-old-\(getpid())"
                guard rename(target, aside) == 0 else { throw AtomicFileWriter.Failure(path: target, reason: String(cString: strerror(errno))) }
                guard rename(temp, target) == 0 else {
                    let reason = String(cString: strerror(errno))
                    rename(aside, target)
                    throw AtomicFileWriter.Failure(path: target, reason: reason)
                }
                try? fm.removeItem(atPath: aside)
            } else {
                guard rename(temp, target) == 0 else { throw AtomicFileWriter.Failure(path: target, reason: String(cString: strerror(errno))) }
            }
            let pfd = open(parent, O_RDONLY)
            if pfd >= 0 { fsync(pfd); close(pfd) }
        } catch {
            try? fm.removeItem(atPath: temp)
            throw error
        }
    }

    /// One output file; an unsuppressed one gets `NOT-FOR-PUBLICATION.txt` in its directory.
    public static func writeFile(_ path: String, text: String, unsuppressed: Bool, overwrite: Bool) throws(AtomicFileWriter.Failure) {
        try AtomicFileWriter.write(text, to: path, overwrite: overwrite)
        if unsuppressed {
            let dir = PathFolder.of(path)
            try markPublication(beside: (dir.isEmpty ? "." : dir) + "/" + notForPublication, unsuppressed: true)
        }
    }

    /// A workbook file; an unsuppressed one gets `NOT-FOR-PUBLICATION.txt` in its directory.
    public static func writeWorkbook(_ path: String, bytes: [UInt8], unsuppressed: Bool, overwrite: Bool) throws(AtomicFileWriter.Failure) {
        try AtomicFileWriter.write(bytes: bytes, to: path, overwrite: overwrite)
        if unsuppressed {
            let dir = PathFolder.of(path)
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
