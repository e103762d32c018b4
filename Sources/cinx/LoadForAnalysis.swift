import ArgumentParser
import CINLoading
import CINModel
import CINRelease
import CohortEngine
import Foundation

enum CLIOutput {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(errorText(message).utf8))
    }
    /// The one form of an error: `cinx: ` and the message (ArgumentParser's `Error: ` replaced), one newline.
    static func errorText(_ message: String) -> String {
        var text = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
        while text.hasSuffix("\n") { text.removeLast() }
        return "cinx: \(text)\n"
    }
    static func note(_ message: String) {
        FileHandle.standardError.write(Data(message.utf8))
    }
}

/// Loads files for report/explore; writes a one-paragraph load summary to stderr. Returns nil
/// (after saying why) when nothing usable loaded.
/// - Parameter threshold: what the run publishes at: the summary's counts are hidden from 1 to it as
///   `release.json` hides them (stderr is kept in logs and pasted into e-mails like any output).
/// - Parameter digests: hashes the files as they are read, for the release manifest.
func loadForAnalysis(_ files: [String], quiet: Bool = false, showProgress: Bool = false,
                     threshold: Int = Suppression.dfeThreshold, digests: InputDigests? = nil) -> CensusLoader.Result? {
    var lastShown = -1
    // Sizes of the files as stored (compressed for gzip, which is what progress counts); a FIFO has none.
    let sizes = files.map { $0 == CensusLoader.standardInput ? 0 : (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0 }
    let totalBytes = sizes.reduce(0, +)
    let progress: CensusLoader.Progress? = showProgress ? { index, path, bytes in
        // One line, rewritten in place, at most every percent (or 16 MB when the size is unknown).
        let before = sizes.prefix(index).reduce(0, +)
        let done = before + min(bytes, sizes.indices.contains(index) && sizes[index] > 0 ? sizes[index] : bytes)
        let step = totalBytes > 0 ? done * 100 / totalBytes : bytes >> 24
        guard step != lastShown || bytes == 0 else { return }
        lastShown = step
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let amount = totalBytes > 0
            ? String(format: "%.1f of %.1f MB (%d%%)", Double(done) / 1_048_576, Double(totalBytes) / 1_048_576, step)
            : "\(bytes >> 20) MB read"
        CLIOutput.note("\rloading file \(index + 1)/\(files.count) \(name): \(amount)\u{1B}[K")
    } : nil
    // Running out of memory while loading ends with one line naming the file (exit 2).
    let result = OutOfMemoryGuard.during(files: files.map(CensusLoader.displayName), clearLine: showProgress) { reading in
        CensusLoader.load(paths: files, progress: { index, path, bytes in
            reading(index)
            progress?(index, path, bytes)
        }, taps: digests.map { d in { d.tap(for: $0) } })
    }
    if showProgress { CLIOutput.note("\r\u{1B}[K") }
    let r = result.report
    if !quiet {
        var s = ReleaseManifest.Loaded(r, data: result.data, threshold: threshold).line(files: files.count)
        s += r.totalProblems > 0 ? " (cinx validate lists them)\n" : "\n"
        for f in r.failedFiles {
            if let p = r.problems.first(where: { $0.file == f && ($0.action == .stopped || $0.rule == .unreadableFile || $0.rule == .notACINReturn || $0.rule == .malformedXML || $0.rule == .missingColumn) }) {
                s += "  \(p.formatted)\n"
            }
        }
        CLIOutput.note(s)
    }
    if result.data.children.isEmpty {
        CLIOutput.error("nothing usable loaded from \(files.map(CensusLoader.displayName).joined(separator: ", "))")
        return nil
    }
    return result
}


/// The file arguments of report, validate and explore.
enum InputFiles {
    /// What the shells complete a file argument with: the extensions the loader reads (a gzipped
    /// file ends in .gz; its format is found from its content, not its name).
    static let completion = CompletionKind.file(extensions: ["xml", "csv", "gz"])

    /// `-` (standard input) can be read once: given twice, the second would load as an empty file.
    static func check(_ files: [String]) throws {
        if files.filter({ $0 == CensusLoader.standardInput }).count > 1 {
            throw ValidationError("- (standard input) can be given once: it is read to its end by the first")
        }
    }
}
