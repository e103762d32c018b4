import Foundation
import CINModel

/// Loads any mix of XML returns and flat CSV files, gzipped or not, into one merged model.
/// The format is detected from the content (gzip magic, then `<` or a CSV header naming
/// LAchildID), not from the file name.
public enum CensusLoader {
    public enum Format: String, Sendable { case xml, flatCSV = "csv" }

    public struct Result: Sendable {
        public var data: CensusData
        public var report: LoadReport
        /// Format detected for each file read (in the order given).
        public var formats: [(file: String, format: Format, gzipped: Bool)]
    }

    /// Progress: the file being read (0-based), its path, and the bytes of it read so far
    /// (compressed bytes for gzip, so that they compare with the file's size).
    public typealias Progress = (_ fileIndex: Int, _ path: String, _ bytesRead: Int) -> Void

    /// The path that means standard input (`cat x.csv.gz | cinx report -`), as in most Unix tools.
    public static let standardInput = "-"

    /// How a path is named in problems, progress and summaries: `stdin` for `-`, where a bare `-`
    /// would read as punctuation ("-: not a CIN census XML return").
    public static func displayName(_ path: String) -> String {
        path == standardInput ? "stdin" : path
    }

    /// - Parameter taps: for each path, what sees its bytes as they are read (`InputTap`), or nil.
    public static func load(paths: [String], progress: Progress? = nil, taps: ((String) -> InputTap?)? = nil) -> Result {
        let builder = CensusBuilder()
        var formats: [(file: String, format: Format, gzipped: Bool)] = []
        let timing = PhaseTiming.fromEnvironment()
        defer { timing?.mark("merge and sort (finish)") }
        // The builder's work runs on a second thread, in order: an XML return is merged there while
        // the next one is read here (each flat file has its own two threads, see FlatFileLoader).
        let merging = BatchPipeline<() -> Void>(maxQueued: 1) { $0() }
        for (index, path) in paths.enumerated() {
            let name = displayName(path)
            defer { timing?.mark("read+parse \(name)") }
            progress?(index, name, 0)
            var file: FileByteSource?
            loadOne(name, forced: nil, into: builder, formats: &formats, merging: merging, timing: timing) { () throws(LoadError) in
                let (reader, gz, source) = try open(path, tap: taps?(path))
                file = source
                if let p = progress { reader.onChunk = { p(index, name, $0) } }
                return (reader, gz)
            }
            // A load that stopped early leaves the rest of the file unread: its tap still sees it all.
            file?.readRestIntoTap()
        }
        merging.drain()
        timing?.mark("merge of the last return")
        let (data, report) = builder.finish()
        return Result(data: data, report: report, formats: formats)
    }

    /// Loads in-memory text as if it were a file named `name` (tests, fuzzing). `format` forces a
    /// loader instead of detecting one, so a fuzzer reaches it with any bytes.
    public static func load(bytes: [UInt8], name: String, format forced: Format? = nil) -> Result {
        let builder = CensusBuilder()
        var formats: [(file: String, format: Format, gzipped: Bool)] = []
        loadOne(name, forced: forced, into: builder, formats: &formats) { () throws(LoadError) in
            let reader = ByteReader(source: MemoryByteSource(bytes))
            if try reader.peekPrefix(2) == [0x1f, 0x8b] {
                return (ByteReader(source: try GzipByteSource(upstream: MemoryByteSource(bytes), path: name)), true)
            }
            return (reader, false)
        }
        let (data, report) = builder.finish()
        return Result(data: data, report: report, formats: formats)
    }

    /// Reads one input into the builder: opens it (through gzip if it is gzipped), takes or detects its
    /// format and loads it. Anything that stops the whole input becomes one unreadable-file problem.
    /// With `merging`, every use of the builder goes through it (in order); without, it is inline.
    private static func loadOne(_ name: String, forced: Format?, into builder: CensusBuilder,
                                formats: inout [(file: String, format: Format, gzipped: Bool)],
                                merging: BatchPipeline<() -> Void>? = nil, timing: PhaseTiming? = nil,
                                open: () throws(LoadError) -> (ByteReader, Bool)) {
        func onBuilder(_ work: @escaping () -> Void) {
            if let merging { merging.push(work) } else { work() }
        }
        onBuilder { builder.noteFile(name) }
        do {
            let (reader, gz) = try open()
            let format: Format
            if let f = forced { format = f } else { format = try detect(reader, path: name) }
            formats.append((name, format, gz))
            switch format {
            case .xml:
                let parsed = try XMLReturnLoader.parse(reader: reader, file: name)
                onBuilder {
                    XMLReturnLoader.apply(parsed, file: name, into: builder)
                    builder.endOfFile(name)
                }
            case .flatCSV:
                // The flat loader drives the builder from its own thread: earlier work must be done.
                merging?.waitUntilIdle()
                let groups = try FlatFileLoader.load(reader: reader, file: name, into: builder)
                timing?.note("\(groups.clean) groups read by the clean path, \(groups.general) by the validating path")
                timing?.note(String(format: "the parsing thread waited %.3f s for the builder, the builder %.3f s for batches",
                                    groups.parserWaited, groups.builderWaited))
            }
        } catch {
            let description = error.description
            onBuilder {
                builder.fileProblem(file: name, line: 0, .unreadableFile, .skipped, description)
                builder.noteFailedFile(name)
            }
        }
    }

    /// The reader of `path` (through gzip when it is gzipped), whether it is gzipped, and the file
    /// underneath, whose bytes `tap` sees as they are read.
    static func open(_ path: String, tap: InputTap? = nil) throws(LoadError) -> (ByteReader, Bool, FileByteSource) {
        // Sniffed without seeking or reopening, so that a pipe reads like a file: the first bytes
        // are given back before the rest.
        let file = try FileByteSource(path: path, tap: tap)
        let head = try ReplayByteSource.head(of: file, count: 2)
        let source = ReplayByteSource(prefix: head, upstream: file)
        if head.count >= 2 && head[0] == 0x1f && head[1] == 0x8b {
            return (ByteReader(source: try GzipByteSource(upstream: source, path: displayName(path))), true, file)
        }
        let reader = ByteReader(source: source)
        reader.expectedBytes = file.regularFileSize
        return (reader, false, file)
    }

    static func detect(_ reader: ByteReader, path: String) throws(LoadError) -> Format {
        var head = try reader.peekPrefix(4096)
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }
        guard !head.isEmpty else { throw .unrecognisedFormat(path: path, reason: "the file is empty") }
        // A workbook is what an analyst most often gives by mistake: say how to make the CSV cinx reads.
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            throw .unrecognisedFormat(path: path, reason: "it is a zip archive, such as an Excel workbook (.xlsx): save the sheet as CSV (File > Save As > CSV UTF-8) and give the .csv")
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw .unrecognisedFormat(path: path, reason: "it is an old Excel workbook (.xls): save the sheet as CSV (File > Save As > CSV UTF-8) and give the .csv")
        }
        if head.contains(0) { throw .unrecognisedFormat(path: path, reason: "it holds binary data (NUL bytes)") }
        let firstNonSpace = head.first { !($0 == 32 || $0 == 9 || $0 == 10 || $0 == 13) }
        if firstNonSpace == UInt8(ascii: "<") { return .xml }
        let firstLine = head.prefix { $0 != 10 }
        let text = String(decoding: firstLine, as: UTF8.self)
        if text.contains("LAchildID") && text.contains(",") { return .flatCSV }
        throw .unrecognisedFormat(path: path, reason: "it is neither XML nor a CSV whose header names LAchildID")
    }
}
