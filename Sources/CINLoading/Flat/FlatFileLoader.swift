import Foundation
import CINModel
/// Reads the liiatools CIN "flat file": one row per dated event, child and episode values repeated
/// on every row. Consecutive rows of one child in one return (same LAchildID, YEAR and child values)
/// form a group, which the builder validates and merges exactly as an XML child; an assessment's start
/// and authorisation rows rebuild one assessment, and stacked years merge as XML returns do. A row
/// whose child values differ from the group's starts a new group, so every distinct value is still
/// validated and every conflict still reported.
///
/// Two threads: this one splits rows and groups them into `FlatRowBatch`es; the builder's thread
/// merges each group (`FlatGroupReader`). Reading a clean group's values (`FlatGroupDecoder`) is done
/// by whichever thread has time. Both see every call in file order, and reading is a pure function of
/// the group's bytes, so the model and the report do not depend on the timing.
enum FlatFileLoader {
    /// The event types a row's `Type` names, matched on the field's bytes (no String per row).
    enum EventType: String, CaseIterable, Sendable {
        case referral = "CINreferralDate", closure = "CINclosureDate"
        case assessmentStart = "AssessmentActualStartDate", assessmentAuthorisation = "AssessmentAuthorisationDate"
        case cinPlanStart = "CINPlanStartDate", cinPlanEnd = "CINPlanEndDate", section47 = "S47ActualStartDate"
        case planStart = "CPPstartDate", planEnd = "CPPendDate", planReview = "CPPreviewDate"

        static let table: [(bytes: [UInt8], type: EventType)] = allCases.map { (Array($0.rawValue.utf8), $0) }

        /// Once per row: a length check, then one memcmp (a generic element-by-element comparison here
        /// was a visible part of the parsing thread).
        static func match(_ field: UnsafeBufferPointer<UInt8>) -> EventType? {
            guard let f = field.baseAddress else { return nil }
            for entry in table where entry.bytes.count == field.count {
                let same = entry.bytes.withUnsafeBufferPointer { e in e.baseAddress.map { memcmp($0, f, field.count) == 0 } ?? false }
                if same { return entry.type }
            }
            return nil
        }

        var ordinal: Int {
            switch self {
            case .referral: 0
            case .closure: 1
            case .assessmentStart: 2
            case .assessmentAuthorisation: 3
            case .cinPlanStart: 4
            case .cinPlanEnd: 5
            case .section47: 6
            case .planStart: 7
            case .planEnd: 8
            case .planReview: 9
            }
        }
    }

    /// Which thread reads the clean groups' values (tests pin each; the result is the same).
    enum GroupReading: Sendable {
        /// The parsing thread while the builder has more than one batch waiting, else the builder.
        case whereThereIsTime
        case parsingThread
        case builderThread
    }

    /// Rows per batch handed to the builder's thread (about 200 KB of a typical file's rows and 150 KB
    /// of field bounds). Each hand-over wakes the other thread: at 256 rows a 1.8 GB file made 63,000
    /// context switches and took 5% more CPU than at 1024 (16,000-20,000); at 4096 the batches no
    /// longer stay in a core's cache and the CPU grew again (`perf stat`, docs/performance.md).
    static let batchRows = 1024

    /// Loads one flat file. `fastPaths` false reads every row and group by the general code alone
    /// (tests compare the two); an I/O error is rethrown after the builder has caught up.
    /// Returns how many groups each path read (for tests) and how long each thread waited for the other.
    @discardableResult
    static func load(reader: ByteReader, file: String, into builder: CensusBuilder, fastPaths: Bool = true,
                     groupReading: GroupReading = .whereThereIsTime,
                     reserveMinimum: Int = FlatGroupReader.reserveMinimum) throws(LoadError) -> (clean: Int, general: Int, parserWaited: Double, builderWaited: Double) {
        let csv = CSVRecordReader(reader: reader)
        csv.plainRowsEnabled = fastPaths
        do {
            guard try csv.next() != nil else {
                builder.fileProblem(file: file, line: 1, .missingColumn, .skipped, "empty file: no header row")
                builder.noteFailedFile(file)
                return (0, 0, 0, 0)
            }
        } catch {
            switch error {
            case .io(let e): throw e
            case .malformed(let line, let message):
                builder.fileProblem(file: file, line: line, .wrongColumnCount, .stopped, "header row unreadable: \(message)")
                builder.noteFailedFile(file)
                return (0, 0, 0, 0)
            }
        }
        let header = csv.strings
        var index: [String: Int] = [:]
        for (i, raw) in header.enumerated() {
            var name = raw.trimmingSpaces
            if i == 0, name.hasPrefix("\u{FEFF}") { name.removeFirst() }
            if index[name] != nil {
                builder.fileProblem(file: file, line: 1, .duplicateColumn, .ignored,
                                    "column '\(name.prefix(40))' appears more than once; the first is used")
            } else { index[name] = i }
        }
        for required in ["LAchildID", "Type"] where index[required] == nil {
            builder.fileProblem(file: file, line: 1, .missingColumn, .skipped, "required column '\(required)' is missing: file not loaded")
            builder.noteFailedFile(file)
            return (0, 0, 0, 0)
        }
        if index["YEAR"] == nil {
            builder.fileProblem(file: file, line: 1, .missingYear, .kept,
                                "no YEAR column: the return year of each row is unknown, so conflicting values merge in file order")
        }
        let columns = FlatColumns(index: index, width: header.count)
        let groupReader = FlatGroupReader(columns: columns, file: file, builder: builder, fastPath: fastPaths)
        groupReader.expectedBytes = reader.expectedBytes
        groupReader.reserveMinimum = reserveMinimum
        let pipeline = BatchPipeline<FlatRowBatch>(keepsSpares: true) { groupReader.apply($0) }
        // Each thread reads with its own decoder (their scratch arrays are not shared).
        let decoder = fastPaths ? FlatGroupDecoder(columns: columns, rules: builder.rules) : nil
        groupReader.decoder = fastPaths ? FlatGroupDecoder(columns: columns, rules: builder.rules) : nil
        do {
            try splitRows(csv, columns: columns, file: file, decoder: decoder, reading: groupReading, pipeline: pipeline)
        } catch {
            pipeline.drain()
            throw error
        }
        pipeline.drain()
        return (groupReader.cleanGroups, groupReader.generalGroups,
                Double(pipeline.producerWaited) / 1e9, Double(pipeline.consumerWaited) / 1e9)
    }

    /// The parsing thread's loop: rows into groups into batches.
    ///
    /// The batch is a plain local, handed by `inout` to the helpers below rather than captured by
    /// nested functions: a captured variable lives in a heap box, and every use of the batch through
    /// it retained and released the batch (one pair per group, about 5% of a flat load's CPU in
    /// `perf`, docs/performance.md).
    private static func splitRows(_ csv: CSVRecordReader, columns: FlatColumns, file: String, decoder: FlatGroupDecoder?,
                                  reading: GroupReading, pipeline: BatchPipeline<FlatRowBatch>) throws(LoadError) {
        let width = columns.width
        let allColumns = Array(0..<width)
        var batch = FlatRowBatch(width: width, expectedRows: batchRows)
        /// The open group's first row in `batch` (-1: none) and its year.
        var groupFirst = -1
        var groupYear = 0
        var missingTypeColumns: Set<String> = []
        // A new authority starts a new group, like a new year: the same ID there is another child.
        let childColumns = [columns.year, columns.authority] + columns.child
        let idColumn = [columns.id]

        func problem(_ batch: FlatRowBatch, year: Int, line: Int, child: String, _ rule: LoadRule, _ action: LoadAction, _ detail: String) {
            batch.items.append(.problem(.init(file: file, year: year, referenceDate: nil), authority: csv.string(columns.authority),
                                        line: line, child: child, rule, action, detail))
        }

        while true {
            let line: Int
            do {
                guard let l = try csv.next() else { break }
                line = l
            } catch {
                switch error {
                case .io(let e):
                    // The open group is not loaded (it has no item yet; the file is unreadable from here);
                    // what came before is.
                    readIfBuilderIsBehind(batch, decoder, reading, pipeline)
                    pipeline.push(batch)
                    throw e
                case .malformed(let l, let message):
                    closeGroup(batch, &groupFirst, groupYear)
                    batch.items.append(.fileProblem(line: l, .wrongColumnCount, .stopped, "\(message); rows before it were kept"))
                    batch.items.append(.endOfFile)
                    readIfBuilderIsBehind(batch, decoder, reading, pipeline)
                    pipeline.push(batch)
                    return
                }
            }
            if csv.fieldCount == 1 && csv.string(0).trimmingSpaces.isEmpty { continue }  // blank line
            guard csv.fieldCount == width else {
                let id = csv.string(columns.id).trimmingSpaces
                batch.items.append(.fileProblem(line: line, .wrongColumnCount, .skipped,
                                                "\(id.isEmpty ? "" : "child \(id): ")row has \(csv.fieldCount) fields, the header \(width): row not loaded"))
                continue
            }
            guard let type = EventType.match(csv.field(columns.type)) ?? EventType(rawValue: csv.string(columns.type).trimmingSpaces) else {
                let type = csv.string(columns.type).trimmingSpaces
                let year = DecimalInteger.year(csv.string(columns.year))
                problem(batch, year: year, line: line, child: csv.string(columns.id).trimmingSpaces, .unknownRowType, .skipped,
                        "Type '\(type.prefix(40))' is not a CIN flat-file event type: row not loaded")
                continue
            }
            if !columns.typeHasColumn[type.ordinal] && type != .planReview {
                if missingTypeColumns.insert(type.rawValue).inserted {
                    batch.items.append(.fileProblem(line: line, .missingColumn, .skipped,
                                                    "rows of Type \(type.rawValue) need a '\(type.rawValue)' column, which is missing: those rows not loaded"))
                }
                continue
            }
            // Same child, same return, same child values as the group so far: add to it.
            var continues = false
            if groupFirst < 0 || !batch.sameFields(groupFirst, asCurrentRowOf: csv, idColumn, run: nil)
                || !batch.sameFields(groupFirst, asCurrentRowOf: csv, childColumns, run: columns.childRun) {
                closeGroup(batch, &groupFirst, groupYear)
                sendIfFull(&batch, decoder, reading, pipeline)
                groupFirst = batch.rowCount
                groupYear = DecimalInteger.year(csv.field(columns.year))
            } else {
                let previous = batch.rowCount - 1
                // A row identical to the one before it in its group adds nothing (the builder would
                // merge it): dropped here, so that one child's row repeated a million times costs one
                // row of memory, not a million.
                if batch.types[previous] == type && batch.sameFields(previous, asCurrentRowOf: csv, allColumns, run: nil) { continue }
                let isS47 = type == .section47
                continues = (batch.types[previous] == .section47) == isS47
                    && batch.sameFields(previous, asCurrentRowOf: csv, isS47 ? columns.episodeOfS47Rows : columns.episode,
                                        run: columns.episodeRun)
            }
            batch.append(csv, line: line, type: type, continuesEpisode: continues)
        }
        closeGroup(batch, &groupFirst, groupYear)
        batch.items.append(.endOfFile)
        readIfBuilderIsBehind(batch, decoder, reading, pipeline)
        pipeline.push(batch)
    }

    /// Ends the open group (if any) as an item of the batch.
    @inline(__always)
    private static func closeGroup(_ batch: FlatRowBatch, _ groupFirst: inout Int, _ groupYear: Int) {
        guard groupFirst >= 0 else { return }
        batch.addGroup(first: groupFirst, count: batch.rowCount - groupFirst, year: groupYear)
        groupFirst = -1
    }

    /// Hands over the batch at a group boundary once it is full, and carries on in a spare one.
    @inline(__always)
    private static func sendIfFull(_ batch: inout FlatRowBatch, _ decoder: FlatGroupDecoder?, _ reading: GroupReading,
                                   _ pipeline: BatchPipeline<FlatRowBatch>) {
        guard batch.rowCount >= batchRows || batch.byteCount >= batchRows * 256 else { return }
        // The groups' values are read by whichever thread has time: here while the builder has
        // more than one batch waiting (it is the slower), else by the builder (this thread is).
        // Either way the values are the same (reading is a pure function of the group's bytes).
        readIfBuilderIsBehind(batch, decoder, reading, pipeline)
        pipeline.push(batch)
        if let reused = pipeline.takeSpare() {
            reused.reset()
            batch = reused
        } else {
            batch = FlatRowBatch(width: batch.width, expectedRows: batchRows)
        }
    }

    private static func readIfBuilderIsBehind(_ batch: FlatRowBatch, _ decoder: FlatGroupDecoder?, _ reading: GroupReading,
                                              _ pipeline: BatchPipeline<FlatRowBatch>) {
        guard let decoder else { return }
        switch reading {
        case .whereThereIsTime: if pipeline.queued > 1 { batch.readGroups(decoder) }
        case .parsingThread: batch.readGroups(decoder)
        case .builderThread: break
        }
    }
}
