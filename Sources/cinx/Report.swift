import ArgumentParser
import CINLoading
import CINModel
import CINRelease
import CohortEngine
import Foundation

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the FOI cohort tables with disclosure control.")

    @Argument(help: "CIN census XML returns and/or flat CSV files; - reads standard input.", completion: InputFiles.completion)
    var files: [String]
    // The names are ReportTable's, the one place they are spelled, for the help and the shells' completion alike.
    @Option(help: ArgumentHelp("\(ReportTable.allCases.map(\.name).joined(separator: ", ")) (trend: cohorts by reporting year), or all (the FOI's tables)."),
            completion: .list(["all"] + ReportTable.allCases.map(\.name)))
    var table: String = "all"
    @OptionGroup var analysis: AnalysisOptions
    @Option(parsing: .unconditional, help: ArgumentHelp("Hide counts 1..N as c, with secondary suppression (0 turns it off).", valueName: "N")) var suppress = Suppression.dfeThreshold
    @Option(parsing: .unconditional, help: ArgumentHelp("Every hidden cell's range must span at least this many values plus one (default: the --suppress threshold).", valueName: "N"))
    var protection: Int?
    @Option(help: "csv, markdown, json or xlsx (a workbook with a notes sheet; needs --out FILE.xlsx).") var format: ReportFormat = .csv
    @Option(help: ArgumentHelp("Output file (a directory with --table all --format csv; - for standard output).", valueName: "path")) var out: String?
    @OptionGroup var filters: FilterOptions
    @OptionGroup var ledger: LedgerOptions
    @Flag(help: "Overwrite existing output files.") var force = false
    @Option(help: ArgumentHelp("A release of the same extract and year already published (a directory cinx wrote): this one is protected together with it. Repeatable.", valueName: "dir"),
            completion: .directory)
    var beside: [String] = []
    @Flag(help: "A regional pack of a pooled extract: --out DIR gets regional/ and one release per authority, protected together.")
    var perAuthority = false
    @Option(help: ArgumentHelp("The tables under each reading of a documented choice side by side, with the differences and the children who move: "
                               + ReadingChoice.allCases.map(\.rawValue).joined(separator: ", ") + ", or all (docs/definitions.md, Readings side by side). CSV: one long-form table; xlsx: the response with a sheet on how it depends on the reading.",
                               valueName: "choice"),
            completion: .list(ReadingChoice.allCases.map(\.rawValue) + ["all"]))
    var compare: String?

    enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case csv, markdown, json, xlsx }


    func validate() throws {
        guard suppress >= 0 else { throw ValidationError("--suppress must be 0 or more") }
        // Filters are checked before anything is loaded.
        try filters.check(cohortIDs: (try? analysis.cohorts().map(\.id)) ?? CohortDefinition.standard.map(\.id))
        if let p = protection, p < 1 || p > 1000 { throw ValidationError("--protection must be 1...1000") }
        try InputFiles.check(files)
        if let compare {
            guard compare == "all" || ReadingChoice(rawValue: compare) != nil else {
                throw ValidationError("--compare is one of " + ReadingChoice.allCases.map(\.rawValue).joined(separator: ", ") + ", or all")
            }
            guard format == .csv || format == .xlsx else { throw ValidationError("--compare writes CSV (one long-form table) or xlsx (the response with its sheet)") }
            guard table != ReportTable.trend.name else { throw ValidationError("--compare reads one year's tables, not the trend") }
            guard filters.isEmpty, analysis.cohort.isEmpty, beside.isEmpty, !perAuthority else {
                throw ValidationError("--compare is of the standard release: no --where, --require, --exclude, --in-cohort, --cohort, --beside or --per-authority with it")
            }
        }
        // The side-by-side CSV is one long-form table, to one file or standard output.
        try ReportOutput.check(out: out, format: format, several: table == "all" && !(compare != nil && format == .csv))
        guard table == "all" || ReportTable(name: table) != nil else {
            throw ValidationError("unknown table '\(table)'; one of: all, \(ReportTable.allCases.map(\.name).joined(separator: ", "))")
        }
        try analysis.check()
        if perAuthority {
            guard table == "all", format == .csv, let out, out != ReportOutput.standardOutput else {
                throw ValidationError("--per-authority writes release directories: use it with --table all, --format csv and --out DIR")
            }
            guard filters.isEmpty, beside.isEmpty else { throw ValidationError("--per-authority makes its own filters: no --where, --require, --exclude, --in-cohort or --beside with it") }
        }
    }

    func run() throws {
        try produce()
        // --keep-going skipped a file: the tables are written, and the exit status says so.
        if AnalysisOptions.skippedFiles { throw ExitCode(1) }
    }

    func produce() throws {
        // Every file written is recorded in the release ledger, keyed by its inputs' digests, and what
        // carries a manifest (a release directory or a workbook) names them: hashed as the loader reads them.
        // `--out -` is standard output, as no --out is (ReportOutput.check allows it only where that is one stream).
        let out = self.out == ReportOutput.standardOutput ? nil : self.out
        // A release printed to the terminal is not recorded, but it is protected against the ledger's releases
        // too: the inputs are hashed whenever there is a ledger.
        let digests = out != nil || !ledger.noLedger ? InputDigests(paths: files) : nil
        // A protected or filtered trend reads every year's index; a counts-only one counts without any.
        let everyYear = ReportTable(name: table) == .trend && (suppress > 0 || !filters.isEmpty)
        // The trend shows every covered year whatever --year says; any other table is of one year,
        // which must hold children (ReportYear).
        let isTrend = ReportTable(name: table) == .trend
        let (engine, loadReport) = try analysis.makeEngine(files: files, yearFromData: true, threshold: suppress, everyYear: everyYear,
                                                           requireYear: !isTrend, digests: digests)
        if let shortfall = engine.followUpShortfall { CLIOutput.note("warning: \(shortfall.sentence)\n") }
        let names = table == "all" ? ReportTables.allTableNames : [table]
        let timing = PhaseTiming.fromEnvironment()
        defer { timing?.mark("format and write") }
        let filter = try filters.filter(engine: engine)
        // The ledger's earlier releases of this extract and year, held until this one is recorded.
        let hold = try LedgerHold.open(options: ledger, key: ReleaseManifest.ledgerKey(files: files, digests: digests),
                                       year: engine.settings.year, recording: out != nil && suppress > 0)
        defer { hold.close() }
        let fromLedger = suppress > 0 && ReportTable(name: table) != .trend
            ? try BesideReleases.held(entries: hold.entries, engine: engine, threshold: suppress, protection: protection,
                                     otherReadings: ledger.otherReadings) : []
        if perAuthority, let out {
            switch RegionalPack.protect(engine: engine, names: names, threshold: suppress, protection: protection, budget: RegionalPack.budget,
                                        earlier: fromLedger) {
            case .failure(let code): throw code
            case .success(let members):
                try RegionalPack.write(members, to: out, engine: engine, files: files, digests: digests, loadReport: loadReport,
                                       ledger: ledger, session: hold.session,
                                       threshold: suppress, overwrite: force)
            }
            return
        }
        var release: ProtectedRelease
        var audit: DisclosureAuditResult?
        // The trend's refusal names the year whose release failed.
        var auditYear: Int?
        if ReportTable(name: table) == .trend {
            // Each year's column is that year's protected summary; each is audited as the year's release.
            let trend = TrendTable.release(engine: engine, threshold: suppress, filter: filter, protection: protection)
            timing?.mark("compute and protect the trend (\(trend.perYear.count) years)")
            let checked = ReleaseCheck.audit(trend: trend.perYear, cohorts: engine.cohorts, filter: filter)
            audit = checked?.result
            auditYear = checked?.year
            release = trend.perYear.last?.release ?? ReportTables.release(engine: engine, names: [ReportTable.summary.name], threshold: suppress)
            release.tables = [trend.table]
        } else {
            let earlier = try BesideReleases.held(directories: beside, engine: engine) + fromLedger
            if RegionalPackProtection.selectsByAuthority(filter, engine: engine, threshold: suppress) {
                release = try RegionalPack.release(of: filter, engine: engine, names: names, threshold: suppress, protection: protection, earlier: earlier)
            } else {
                release = ReportTables.release(engine: engine, names: names, threshold: suppress, filter: filter, protection: protection,
                                               earlier: earlier, budget: earlier.isEmpty ? ReleaseProtection.defaultBudget : ReleaseProtection.besideBudget)
            }
            if !release.notProvenBeside.isEmpty {
                CLIOutput.error("refusing to publish (nothing written): this release could not be proven safe beside "
                                + release.notProvenBeside.joined(separator: ", ") + ", which a reader may hold too" + release.clockNote)
                throw ExitCode(2)
            }
            let narrow = EarlierReleases.narrowTogether(release, earlier: earlier, engine: engine, names: names, threshold: suppress,
                                                        filter: filter, protection: protection)
            if !narrow.isEmpty {
                CLIOutput.error("refusing to publish (nothing written): read with the standard release and "
                                + earlier.names.joined(separator: ", ")
                                + ", which a reader may hold too, hidden cells could be narrowed below the protection whatever this release hides:\n  "
                                + narrow.joined(separator: "\n  "))
                throw ExitCode(2)
            }
            timing?.mark("compute and protect \(names.count) table(s)")
        }
        // The context names the extract as messages do: `stdin`, not `-`.
        let publication = ReportTables.publication(engine: engine, release: release, filter: filter, files: files.map(CensusLoader.displayName))
        if ReportTable(name: table) != .trend {
            // What is about to be published is attacked, as it will be printed, before it is written; a
            // release of ours must come out clean.
            audit = ReleaseCheck.audit(publication, of: release, cohorts: engine.cohorts, filter: filter)
        }
        timing?.mark("audit")
        if !release.withheldCohorts.isEmpty {
            CLIOutput.note("cohort(s) \(release.withheldCohorts.joined(separator: ", ")) withheld: custom cohorts are protected one at a time within a fixed budget of solver work, the same on any machine, and theirs was not proven in its allowance, so every cell of their rows is c (release.json: withheldCohorts); the cohorts before them are published\n")
        }
        if !release.withheldByClock.isEmpty {
            CLIOutput.note("warning: cohort(s) \(release.withheldByClock.joined(separator: ", ")) withheld at the wall-clock safety stop (\(Int(ReleaseProtection.defaultBudget)) s), before their budget of work was spent: this machine is too slow or too busy for the result to be repeatable elsewhere (release.json: withheldAtWallClockStop)\n")
        }
        if let audit, !audit.isClean {
            // The cells only, never their ranges: what was not published must not leak through the refusal.
            CLIOutput.error("refusing to publish (nothing written): the disclosure audit found hidden cells a reader could narrow below the protection"
                            + (auditYear.map { " in reporting year \($0)'s release" } ?? "") + ":\n  "
                            + ReleaseCheck.refusal(audit).joined(separator: "\n  "))
            throw ExitCode(2)
        }
        if suppress == 0 {
            CLIOutput.note("WARNING: --suppress 0: counts from 1 to 5 are shown; NOT FOR PUBLICATION\n")
        } else if suppress < Suppression.dfeThreshold {
            CLIOutput.note("WARNING: --suppress \(suppress): counts from \(suppress + 1) to \(Suppression.dfeThreshold) are shown, below the DfE's threshold of \(Suppression.dfeThreshold)\n")
        }
        if !filter.isEmpty || engine.cohorts.count > CohortDefinition.standard.count {
            let earlierCount = fromLedger.names.count + beside.count
            if RegionalPackProtection.selectsByAuthority(filter, engine: engine, threshold: suppress) {
                CLIOutput.note("note: a release that selects by authority is a part of the regional pack (--per-authority), protected with every release of it"
                               + (earlierCount == 0 ? "" : " and \(earlierCount) earlier release(s) of this extract and year") + " (docs/privacy.md)\n")
            } else if ledger.noLedger && beside.isEmpty {
                CLIOutput.note("note: a filtered or custom-cohort release is protected against the standard release; with --no-ledger, not against other releases of this extract (docs/privacy.md)\n")
            } else {
                CLIOutput.note("note: protected together with the standard release and \(earlierCount) earlier release(s) of this extract and year"
                               + (ledger.noLedger ? "" : " (release ledger)") + " (docs/privacy.md)\n")
            }
        }
        // A side by side is protected beside the ledger's releases too (an earlier side by side among them), and
        // recorded in it as every release written is (docs/privacy.md, "Readings side by side").
        let comparison = try compare.map { try compared(engine: engine, names: names, choice: $0, earlier: fromLedger) }
        if let comparison, format == .csv {
            var manifest = ReleaseManifest(engine: engine, release: release, filter: filter, audit: audit,
                                           commandLine: ["cinx"] + Array(CommandLine.arguments.dropFirst()),
                                           inputs: digests != nil ? files : [], digests: digests, loadReport: loadReport)
            let shown = Set(comparison.comparisons.map(\.table.name))
            let recording = out != nil
                ? try recordInLedger(&manifest, tables: LedgerRecording.tables(comparison, standard: release.subset(names.filter(shown.contains))),
                                     options: ledger, session: hold.session) : nil
            try writeComparison(comparison, to: out, recording: recording)
            return
        }
        let textFormat: ReleasePublisher.TextFormat
        switch format {
        case .csv, .xlsx: textFormat = .csv
        case .markdown: textFormat = .markdown
        case .json: textFormat = .json
        }
        // The ledger records every file written (from its manifest); a release directory and a workbook carry it.
        var manifest = ReleaseManifest(engine: engine, release: release, filter: filter, audit: audit,
                                       commandLine: ["cinx"] + Array(CommandLine.arguments.dropFirst()),
                                       inputs: digests != nil ? files : [], digests: digests, loadReport: loadReport)
        // Recorded before it is written, and taken back if it cannot be (output to the terminal is not recorded).
        let recording = out != nil
            ? try recordInLedger(&manifest, tables: comparison.map { LedgerRecording.tables($0, standard: release) } ?? LedgerRecording.tables(release),
                                 options: ledger, session: hold.session) : nil
        let destination: ReleasePublisher.Destination
        if let out {
            if format == .xlsx { destination = .workbook(out) }
            else if table == "all" && format == .csv { destination = .directory(out, extra: []) }
            else { destination = .file(out, format: textFormat, beside: []) }
        } else {
            destination = .standardOutput(textFormat)
        }
        do throws(AtomicFileWriter.Failure) {
            try ReleasePublisher.publish(publication, manifest: manifest, to: destination, overwrite: force, comparison: comparison)
        } catch {
            recording?.undo()
            CLIOutput.error(error.description)
            throw ExitCode(2)
        }
        switch destination {
        case .workbook(let path): CLIOutput.note("wrote \(path) (\(publication.tables.count) tables and notes)\n")
        case .directory(let path, _):
            CLIOutput.note("wrote \(publication.tables.count) tables to \(path)/ (\(audit.map { "audit clean: \($0.ranges.count) hidden cells" } ?? "unsuppressed"))\n")
        case .file(let path, _, _): CLIOutput.note("wrote \(path)\n")
        case .standardOutput: break
        }
    }
}

extension Report {
    /// The side-by-side view of `choice` (or every choice) for the tables `names`, protected beside the standard release.
    func compared(engine: CohortEngine, names: [String], choice: String, earlier: [HeldRelease]) throws -> ReadingComparisonRelease.Set {
        let choices = choice == "all" ? ReadingChoice.allCases : ReadingChoice(rawValue: choice).map { [$0] } ?? []
        var comparisons: [ReadingComparison] = []
        for c in choices {
            for name in names {
                guard let t = ReportTable(name: name), ReadingComparison.affects(c, t),
                      let comparison = ReadingComparison.compute(engine: engine, choice: c, table: t) else { continue }
                comparisons.append(comparison)
            }
        }
        guard !comparisons.isEmpty else {
            CLIOutput.error("--compare \(choice) changes none of the tables asked for (\(names.joined(separator: ", "))); nothing written")
            throw ExitCode(2)
        }
        let set = ReadingComparisonRelease.protect(engine: engine, comparisons: comparisons, threshold: suppress, protection: protection,
                                                   earlier: earlier)
        if !earlier.isEmpty {
            CLIOutput.note("note: the side by side is protected together with the standard release and \(earlier.names.count) earlier release(s) of this extract and year (release ledger) (docs/privacy.md)\n")
        }
        for c in choices where c.publishesOnlyMovers && !set.comparisons.contains(where: { $0.alternatives.contains { $0.choice == c && $0.table != nil } }) {
            CLIOutput.note("note: --compare \(c.rawValue): another reading changes who is in the population or in which cohort; only the number of children whose reading changes is published for it, not its tables (docs/privacy.md, Readings side by side)\n")
        }
        if let reason = set.withheldReason {
            CLIOutput.note("note: the other readings' tables are not published: \(reason)\n")
        }
        return set
    }

    /// The side-by-side CSV, to `out` or standard output.
    /// Recorded in the ledger before it is written: `recording` is taken back if it cannot be.
    func writeComparison(_ set: ReadingComparisonRelease.Set, to out: String?, recording: LedgerRecording?) throws {
        let text = ReadingComparisonFormatter.csv(set)
        guard let out else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do throws(AtomicFileWriter.Failure) {
            try ReleaseWriter.writeFile(out, text: text, unsuppressed: suppress == 0, overwrite: force)
        } catch {
            recording?.undo()
            CLIOutput.error(error.description)
            throw ExitCode(2)
        }
        CLIOutput.note("wrote \(out)\n")
    }
}

/// The options that choose definitions, shared by report and explore.
struct AnalysisOptions: ParsableArguments {
    /// Set when --keep-going skipped a file: the command exits 1 after its work.
    nonisolated(unsafe) static var skippedFiles = false
    @Option(parsing: .unconditional, help: "Reporting year Y (1 April Y-1 to 31 March Y); default 2017 (the FOI's 2016-17) when the returns hold it and its follow-up, else the latest year whose follow-up they cover.")
    var year: Int?
    @Option(parsing: .unconditional, help: ArgumentHelp("Follow-up window in years after the first assessment's authorisation.", valueName: "years"))
    var followUpYears = 2
    @Option(help: ArgumentHelp("The need episode: first (open in the window) or later (referred after the assessment).", valueName: "rule"),
            completion: .list(NeedEpisodeRule.allCases.map(\.rawValue)))
    var needEpisode: String = "first"
    // The other documented choices (docs/definitions.md), each defaulting to cinx's reading.
    @Option(name: .customLong("code-21"), help: ArgumentHelp("Factor code 21 (no factors identified): counts (as factor data) or ignored.", valueName: "rule"),
            completion: .list(Code21Rule.allCases.map(\.rawValue)))
    var code21: String = Code21Rule.counts.rawValue
    @Option(help: ArgumentHelp("The first assessment by authorisation or by start date.", valueName: "date"),
            completion: .list(FirstAssessmentRule.allCases.map(\.rawValue)))
    var firstAssessment: String = FirstAssessmentRule.authorisation.rawValue
    @Option(help: ArgumentHelp("The age band at the first assessment's start or its authorisation.", valueName: "date"),
            completion: .list(AgeBandDate.allCases.map(\.rawValue)))
    var ageAt: String = AgeBandDate.start.rawValue
    @Option(help: ArgumentHelp("The follow-up window opens at the first assessment's authorisation or its start.", valueName: "date"),
            completion: .list(WindowStart.allCases.map(\.rawValue)))
    var windowFrom: String = WindowStart.authorisation.rawValue
    @Option(help: ArgumentHelp("Assessments on the same first day: union (of their factors) or earliest-start (the one started first).", valueName: "rule"),
            completion: .list(SameDayTie.allCases.map(\.rawValue)))
    var sameDay: String = SameDayTie.union.rawValue
    @Option(help: ArgumentHelp("Add a cohort: factor codes with &, |, ! and parentheses, e.g. 'F=6B & !4B'.", valueName: "rule"))
    var cohort: [String] = []
    @Flag(help: "Load what can be loaded when a file cannot be read, list what was skipped, and exit 1.")
    var keepGoing = false
    @Flag(help: "No 'loaded ...' line and no notes on stderr (warnings and errors still print).")
    var quiet = false

    func check() throws {
        if let year, !AnalysisSettings.validYears.contains(year) {
            throw ValidationError("--year must be \(AnalysisSettings.validYears.lowerBound)...\(AnalysisSettings.validYears.upperBound)")
        }
        guard AnalysisSettings.validFollowUpYears.contains(followUpYears) else {
            throw ValidationError("--follow-up-years must be \(AnalysisSettings.validFollowUpYears.lowerBound)...\(AnalysisSettings.validFollowUpYears.upperBound)")
        }
        guard NeedEpisodeRule(rawValue: needEpisode) != nil else { throw ValidationError("--need-episode is first or later") }
        for (choice, given) in readingsGiven where choice.setting(given, in: AnalysisSettings()) == nil {
            throw ValidationError("\(choice.option) is " + choice.readings.joined(separator: " or "))
        }
        for c in cohort {
            do { _ = try CohortExpressionParser.parseDefinition(c) } catch {
                throw ValidationError("bad --cohort expression:\n\(error.description)")
            }
        }
    }

    /// The settings; without `--year`, `defaultYear` (the FOI's year unless the caller reads it from the data).
    func settings(defaultYear: Int = AnalysisSettings.foiYear) -> AnalysisSettings {
        var s = AnalysisSettings(year: year ?? defaultYear, followUpYears: followUpYears)
        for (choice, given) in readingsGiven { s = choice.setting(given, in: s) ?? s }
        return s
    }

    /// Each documented choice's reading as given (or defaulted), by choice.
    var readingsGiven: [(ReadingChoice, String)] {
        [(.needEpisode, needEpisode), (.code21, code21), (.firstAssessment, firstAssessment), (.ageAt, ageAt),
         (.windowFrom, windowFrom), (.sameDay, sameDay)]
    }

    func cohorts() throws -> [CohortDefinition] {
        var list = CohortDefinition.standard
        for c in cohort {
            let def: CohortDefinition
            do { def = try CohortExpressionParser.parseDefinition(c) } catch { throw ValidationError("bad --cohort expression:\n\(error.description)") }
            guard !list.contains(where: { $0.id == def.id }) else { throw ValidationError("cohort \(def.id) is defined twice") }
            list.append(def)
        }
        return list
    }

    /// Loads the files and builds the engine; also returns the load report (the explorer shows it).
    /// - Parameter yearFromData: without `--year`, open on the year the data suit (the explorer).
    /// - Parameter threshold: what the run publishes at; counts its warnings print follow it.
    /// - Parameter everyYear: index every covered year at once (the explorer, the trend).
    /// - Parameter requireYear: refuse (exit 2) a year with no population or outside the returns, and
    ///   say which year was taken when `--year` was not given (a release: `ReportYear`).
    func makeEngine(files: [String], quiet: Bool = false, showProgress: Bool = false, yearFromData: Bool = false,
                    threshold: Int = Suppression.dfeThreshold, everyYear: Bool = false,
                    requireYear: Bool = false, digests: InputDigests? = nil) throws -> (CohortEngine, LoadReport) {
        let defs = try cohorts()
        guard let loaded = loadForAnalysis(files, quiet: quiet || self.quiet, showProgress: showProgress, threshold: threshold,
                                           digests: digests) else { throw ExitCode(2) }
        // A file that could not be read fails the run, unless --keep-going (then the run ends with 1).
        if !loaded.report.failedFiles.isEmpty {
            if !keepGoing {
                CLIOutput.error("could not load \(loaded.report.failedFiles.joined(separator: ", ")); nothing written (--keep-going loads the rest)")
                throw ExitCode(2)
            }
            CLIOutput.note("skipped: \(loaded.report.failedFiles.joined(separator: ", ")) (--keep-going; the run will exit 1)\n")
            AnalysisOptions.skippedFiles = true
        }
        let timing = PhaseTiming.fromEnvironment()
        defer { timing?.mark("build the index") }
        let fallback = yearFromData ? AnalysisSettings.defaultYear(returnYears: loaded.data.returnYears, followUpYears: followUpYears)
                                    : AnalysisSettings.foiYear
        let engine = CohortEngine(data: loaded.data, settings: settings(defaultYear: fallback), cohorts: defs, indexEveryYear: everyYear)
        if requireYear {
            do throws(ReportYearError) { try ReportYear.requirePopulation(engine) } catch {
                CLIOutput.error("\(error.description); nothing written")
                throw ExitCode(2)
            }
            if year == nil && !quiet && !self.quiet { CLIOutput.note(ReportYear.defaultNote(engine)) }
        }
        if loaded.report.monthOnlyBirthDates && !quiet {
            let count = DayOfBirthSensitivity.count(data: engine.data, year: engine.settings.year, reading: engine.settings)
            CLIOutput.note("warning: \(DayOfBirthSensitivity.warning(count, threshold: threshold))\n")
        }
        return (engine, loaded.report)
    }
}

/// Narrowing the population as the explorer's drill-down and factor panel do, so that an
/// explorer export can be reproduced (and checked) from the command line.
struct FilterOptions: ParsableArguments {
    @Option(name: .customLong("require"), help: "Only children whose first assessment has this factor (repeatable).")
    var required: [String] = []
    @Option(name: .customLong("exclude"), help: "Only children whose first assessment lacks this factor (repeatable).")
    var excluded: [String] = []
    @Option(name: .customLong("in-cohort"), help: "Only children in this cohort (repeatable).")
    var inCohort: [String] = []
    // Completed up to the `=`: the values of authority come from the data.
    @Option(name: .customLong("where"), help: "DIMENSION=VALUE, e.g. age=1-4, ethnic-group=Mixed or authority=302 (an authority by code or name) (repeatable).",
            completion: .list(Dimension.allCases.map { $0.rawValue + "=" }))
    var conditions: [String] = []

    /// No filter given.
    var isEmpty: Bool { required.isEmpty && excluded.isEmpty && inCohort.isEmpty && conditions.isEmpty }

    /// Checks every filter without data (so a typo fails before a long load).
    func check(cohortIDs: [String]) throws {
        for c in inCohort where !cohortIDs.contains(c) { throw ValidationError("--in-cohort: no cohort \(c)") }
        var f = Filter()
        try fill(&f, engine: nil)
    }

    func filter(engine: CohortEngine) throws -> Filter {
        var f = Filter()
        for c in inCohort {
            guard engine.cohorts.contains(where: { $0.id == c }) else { throw ValidationError("--in-cohort: no cohort \(c)") }
            f.cohorts.append(c)
        }
        try fill(&f, engine: engine)
        return f
    }

    /// Factor and dimension conditions. Without an engine (before loading), a condition on a
    /// dimension whose values come from the data (authority) is checked for form only.
    private func fill(_ f: inout Filter, engine: CohortEngine?) throws {
        for code in required {
            guard let b = AssessmentFactor.bit(code.uppercased()) else { throw ValidationError("--require: no factor \(code)") }
            f.requiredFactors.insert(b)
        }
        for code in excluded {
            guard let b = AssessmentFactor.bit(code.uppercased()) else { throw ValidationError("--exclude: no factor \(code)") }
            f.excludedFactors.insert(b)
        }
        for w in conditions {
            let parts = w.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let d = Dimension(name: parts[0]) else {
                throw ValidationError("--where takes DIMENSION=VALUE; dimensions: \(Dimension.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let v: Int
            if d == .authority {
                guard !parts[1].trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--where authority= needs a code or a name") }
                guard let engine else { continue }
                guard let k = engine.authorityColumns.column(named: parts[1]) else {
                    throw ValidationError("--where authority: no authority '\(parts[1])' in the data; one of \(engine.authorityColumns.labels.joined(separator: ", "))")
                }
                v = k
            } else {
                guard let k = d.values.firstIndex(of: parts[1]) else {
                    throw ValidationError("--where \(d.rawValue): no value '\(parts[1])'; one of \(d.values.joined(separator: ", "))")
                }
                v = k
            }
            let label = engine?.labels(of: d)[v]
            if let i = f.dimensions.firstIndex(where: { $0.dimension == d }) {
                f.dimensions[i].values.insert(v)
                if d.valuesFromData { f.dimensions[i].valueLabels[v] = label }
            } else {
                f.dimensions.append(engine?.condition(d, values: [v]) ?? .init(dimension: d, values: [v]))
            }
        }
    }
}
