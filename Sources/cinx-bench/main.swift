// Benchmarks (not tests): generates extracts at several sizes (or reuses them from bench-data/, the
// same files bench/compare.sh uses), loads them through the real loaders and prints, per phase, wall
// time, CPU time and peak RSS, as a table and as JSON. Run in release, from the package directory:
//   swift run -c release cinx-bench [--sizes 10000,100000,1800000] [--pooled 150] [--json FILE]
// --pooled N also measures, at the largest size, an extract pooled from N authorities (overlapping
// IDs): its load, and the authority and trend tables; --only-pooled measures that alone (no demo,
// no per-size runs). --custom-cohorts [--sizes N] measures 1 to 8 custom cohorts (best and median of 5);
// with --allowances W/S[,W/S...] it runs each (work per release / per step) once instead, and prints what
// each withholds and hides.
import CINLoading
import CINModel
import CINRelease
import CohortEngine
import ExplorerUI
import Foundation

struct Measurement: Codable {
    var children: Int
    var phase: String
    var wallMilliseconds: Double
    var cpuMilliseconds: Double
    var peakRSSMegabytes: Int
}

func cpuNow() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000 + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000
}

nonisolated(unsafe) var results: [Measurement] = []
@discardableResult
@MainActor func measure<T>(_ children: Int, _ phase: String, repeat times: Int = 1, _ body: () -> T) -> T {
    var result: T? = nil
    var best = Double.infinity, bestCPU = Double.infinity
    for _ in 0..<max(1, times) {
        let w0 = DispatchTime.now().uptimeNanoseconds, c0 = cpuNow()
        result = body()
        let w = Double(DispatchTime.now().uptimeNanoseconds - w0) / 1e6, c = cpuNow() - c0
        if w < best { best = w; bestCPU = c }
    }
    let m = Measurement(children: children, phase: phase, wallMilliseconds: best, cpuMilliseconds: bestCPU, peakRSSMegabytes: PhaseTiming.peakResidentMegabytes())
    results.append(m)
    let label = phase.count >= 40 ? phase : phase + String(repeating: " ", count: 40 - phase.count)
    print(String(format: "%9d  ", children) + label + String(format: " %10.2f ms wall %10.2f ms CPU  peak RSS %5d MB", best, bestCPU, m.peakRSSMegabytes))
    fflush(nil)
    guard let r = result else { fatalError("benchmark body did not run") }
    return r
}

var sizes = [10_000, 100_000, 1_800_000]
var jsonPath: String?
var pooledAuthorities = 0
var onlyPooled = false
var customCohorts = false
/// With --custom-cohorts: (work per release, work per step) allowances to run once each instead of the timing
/// runs, to measure what a stricter allowance would withhold (the defaults are what cinx publishes with).
var allowances: [(work: Int, step: Int)] = []
var args = Array(CommandLine.arguments.dropFirst())
while !args.isEmpty {
    let a = args.removeFirst()
    if a == "--sizes", let v = args.first { sizes = v.split(separator: ",").compactMap { Int($0) }; args.removeFirst() }
    else if a == "--json", let v = args.first { jsonPath = v; args.removeFirst() }
    else if a == "--pooled", let v = args.first { pooledAuthorities = Int(v) ?? 0; args.removeFirst() }
    else if a == "--only-pooled" { onlyPooled = true }
    else if a == "--custom-cohorts" { customCohorts = true }
    else if a == "--allowances", let v = args.first {
        allowances = v.split(separator: ",").compactMap { pair in
            let n = pair.split(separator: "/").compactMap { Int($0) }
            return n.count == 2 ? (n[0], n[1]) : nil
        }
        args.removeFirst()
    }
}

/// Disclosure control of a release: the whole protected scope (summary and every dimension), then
/// the audit of the six FOI tables as `report --table all` runs it before writing.
@MainActor func protectAndAudit(_ n: Int, engine: CohortEngine, filter: Filter, label: String) {
    let release = measure(n, "protect release (11 tables)\(label)", repeat: 3) {
        ReportTables.protectedScope(engine: engine, threshold: 5, filter: filter)
    }
    let six = release.subset(ReportTables.allTableNames)
    print("           solver calls so far: \(SolverStats.counts)")
    let audit = measure(n, "audit six FOI tables\(label)", repeat: 3) { ReleaseCheck.audit(six, cohorts: engine.cohorts, filter: filter) }
    print("           hidden \(six.primaryCount) primary + \(six.secondaryCount) secondary of the six; audit \(audit?.isClean == true ? "clean" : "NOT CLEAN")")
}

print("cinx-bench: \(ProcessInfo.processInfo.activeProcessorCount) cores; times are the best of the repeats shown")
if customCohorts {
    // `report --table all` with 1 to 8 custom cohorts (docs/privacy.md, "Custom cohorts in bounded time"): the
    // protection of the whole scope and the writer's audit of the six FOI tables, best and median of 5, on the
    // demo (flat CSV) and, with --sizes, on generated flat CSVs of those sizes (bench-data/flat-N, as below).
    // Then stop: --custom-cohorts measures this alone.
    let rules = ["F=6B & !4B", "G=10A", "H=21", "I=16A & 4B", "J=3B & !1B", "K=22A", "L=2B | 1B", "M=18B"]
    var inputs = [("demo", "demo-data/cin-flat.csv.gz")]
    if CommandLine.arguments.contains("--sizes") {
        for n in sizes {
            let dir = "bench-data/flat-\(n)", csv = "\(dir)/cin-flat.csv"
            if !FileManager.default.fileExists(atPath: csv) {
                do {
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                    _ = try ExtractWriter.write(SyntheticExtract(children: n, seed: 2017), format: .csv, directory: dir, gzip: false)
                } catch { fatalError("cannot write \(csv): \(error)") }
            }
            inputs.append(("\(n) children", csv))
        }
    }
    for (name, path) in inputs {
        let loaded = CensusLoader.load(paths: [path])
        print("\(name): \(path)")
        for k in 1...rules.count {
            var engine = CohortEngine(data: loaded.data)
            for r in rules.prefix(k) {
                guard let def = try? CohortExpressionParser.parseDefinition(r) else { fatalError("bad rule \(r)") }
                do throws(CohortEngine.CohortError) { try engine.addCohort(def) } catch { fatalError("cannot add \(r)") }
            }
            if !allowances.isEmpty {
                // One run per allowance (what is withheld is the same on every run: the budget is counted in work).
                for a in allowances {
                    let c0 = cpuNow()
                    let r = ReportTables.release(engine: engine, names: ReportTables.allTableNames, threshold: 5, work: a.work, stepWork: a.step)
                    let cpu = (cpuNow() - c0) / 1000
                    let hidden = r.tables.reduce(0) { $0 + $1.hiddenCount }
                    print(String(format: "  %d custom cohort(s), allowance %7d / %7d: protect %6.2f s CPU, %7d units spent, %d hidden cells (sum %d) in the six FOI tables%@",
                                 k, a.work, a.step, cpu, r.customCohortWork, hidden, r.hiddenTotal,
                                 r.withheldCohorts.isEmpty ? "" : "; withheld: " + r.withheldCohorts.joined(separator: " ")))
                    fflush(nil)
                }
                continue
            }
            var times: [Double] = [], cpus: [Double] = []
            var withheld: [String] = [], clean = false
            for _ in 0..<5 {
                let t0 = DispatchTime.now().uptimeNanoseconds, c0 = cpuNow()
                let r = ReportTables.release(engine: engine, names: ReportTables.allTableNames, threshold: 5)
                clean = ReleaseCheck.audit(r, cohorts: engine.cohorts, filter: .none)?.isClean ?? false
                withheld = r.withheldCohorts
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
                cpus.append((cpuNow() - c0) / 1000)
            }
            times.sort(); cpus.sort()
            print(String(format: "  %d custom cohort(s): protect + audit best %6.2f s, median %6.2f s (CPU best %6.2f s, median %6.2f s); audit %@%@",
                         k, times[0], times[2], cpus[0], cpus[2],
                         clean ? "clean" : "NOT CLEAN", withheld.isEmpty ? "" : "; withheld: " + withheld.joined(separator: " ")))
            fflush(nil)
        }
    }
    exit(0)
}
if !onlyPooled {
    // The bundled demo extract (XML returns), as `cinx report demo-data/cin-20*.xml.gz` reads it.
    let demo = ((try? FileManager.default.contentsOfDirectory(atPath: "demo-data")) ?? []).filter { $0.hasPrefix("cin-20") }.sorted().map { "demo-data/" + $0 }
    if !demo.isEmpty {
        let loaded = measure(0, "demo: load \(demo.count) XML returns") { CensusLoader.load(paths: demo) }
        let engine = CohortEngine(data: loaded.data)
        protectAndAudit(engine.populationSize, engine: engine, filter: .none, label: " (demo)")
        measure(engine.populationSize, "demo: report --table all, protect + audit", repeat: 3) { () -> Bool in
            let r = ReportTables.release(engine: engine, names: ReportTables.allTableNames, threshold: 5)
            return ReleaseCheck.audit(r, cohorts: engine.cohorts, filter: .none)?.isClean ?? false
        }
    }
}
for n in onlyPooled ? [] : sizes {
    // The flat CSV of this size, seed 2017, generated once (peak RSS of a run that generated it includes
    // the generator's; run again to see the loader's alone).
    let dir = "bench-data/flat-\(n)", csv = "\(dir)/cin-flat.csv"
    if !FileManager.default.fileExists(atPath: csv) {
        measure(n, "generate flat CSV (not reused)") { () -> Int in
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                return try ExtractWriter.write(SyntheticExtract(children: n, seed: 2017), format: .csv, directory: dir, gzip: false).count }
            catch { fatalError("cannot write \(csv): \(error)") }
        }
    }
    let bytes = (try? FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0
    let loaded = measure(n, "load flat CSV (\(bytes >> 20) MB)") { CensusLoader.load(paths: [csv]) }
    let data = loaded.data
    if n <= 100_000 {
        // The same children as XML returns (six files), written to a temporary directory.
        let xmlDir = NSTemporaryDirectory() + "cinx-bench-xml-\(n)"
        let paths: [String]
        do {
            try FileManager.default.createDirectory(atPath: xmlDir, withIntermediateDirectories: true)
            paths = try ExtractWriter.write(SyntheticExtract(children: n, seed: 2017), format: .xml, directory: xmlDir, gzip: false) }
        catch { fatalError("cannot write XML returns: \(error)") }
        let xmlBytes = paths.compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int }.reduce(0, +)
        let fromXML = measure(n, "load XML returns (\(xmlBytes >> 20) MB)") { CensusLoader.load(paths: paths) }
        if fromXML.data.children != data.children || fromXML.data.assessments != data.assessments {
            print("           WARNING: the XML and the CSV gave different models")
        }
        try? FileManager.default.removeItem(atPath: xmlDir)
    }
    var engine = measure(n, "build index") { CohortEngine(data: data) }
    print("           population \(engine.populationSize)")
    for table in ReportTable.foi {
        measure(n, "table \(table.name)", repeat: 5) { ReportTables.table(engine: engine, table) }
    }
    let filter = Filter(excludedFactors: FactorSet(codes: ["5B"]), cohorts: ["B"], dimensions: [.init(dimension: .ageBand, values: [2])])
    measure(n, "table ethnicity, 3 filters", repeat: 5) { engine.table(.ethnicity, filter: filter) }
    protectAndAudit(n, engine: engine, filter: .none, label: "")
    protectAndAudit(n, engine: engine, filter: filter, label: ", 3 filters")
    var state = ExplorerState(engine: engine, extractName: "bench", width: 120, height: 40)
    measure(n, "explorer first screen") { Renderer.render(state) }
    // A toggle-and-drill sequence, each step one keystroke + redraw.
    let keys: [Key] = [.char("f"), .down, .char(" "), .escape, .down, .enter, .enter, .right, .right, .enter, .char("2"), .escape, .char("%")]
    for k in keys {
        measure(n, "keystroke \(k.name) + redraw") { state.handle(k); return Renderer.render(state) }
    }
    measure(n, "settings: year 2018 (re-index)") { engine.apply(settings: AnalysisSettings(year: 2018)); return engine.populationSize }
}
if pooledAuthorities > 1, let n = sizes.max() {
    // A regional or national pool: the same number of children, spread over N authorities.
    let dir = "bench-data/pooled-\(pooledAuthorities)-\(n)"
    if !FileManager.default.fileExists(atPath: dir + "/cin-flat.csv") {
        measure(n, "generate pooled flat CSV, \(pooledAuthorities) authorities (not reused)") { () -> Int in
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                return try ExtractWriter.write(pooled: SyntheticExtract.pooled(authorities: pooledAuthorities, children: n, seed: 2017),
                                               format: .csv, directory: dir, gzip: false).count
            } catch { fatalError("cannot write the pooled extract: \(error)") }
        }
    }
    let paths = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".csv") }.sorted().map { dir + "/" + $0 }
    let loaded = measure(n, "load pooled flat CSV (\(pooledAuthorities) authorities)") { CensusLoader.load(paths: paths) }
    let engine = measure(n, "build index (pooled)") { CohortEngine(data: loaded.data) }
    print("           children \(loaded.data.children.count), authorities \(engine.authorityColumns.labels.count), population \(engine.populationSize)")
    measure(n, "table authority", repeat: 5) { engine.table(.authority) }
    measure(n, "table authority, protected (whole scope)") { ReportTables.release(engine: engine, names: ["authority"], threshold: 5) }
    // Without suppression or filter the trend builds no index (counts only), so its repeats start as
    // cold as the first.
    measure(n, "table trend, counts only (--suppress 0)", repeat: 5) { TrendTable.release(engine: engine, threshold: 0).table }
    // A protected trend reads every year's index. `cinx report --table trend` and the explorer build
    // them with the current year's, in one pass (`indexEveryYear`), measured here as that build;
    // the first trend after it is the one a user waits for.
    let everyYear = measure(n, "build index, every year (pooled)") { CohortEngine(data: loaded.data, indexEveryYear: true) }
    measure(n, "table trend, protected (each year's scope), first") { TrendTable.release(engine: everyYear, threshold: 5).table }
    measure(n, "table trend, protected, again", repeat: 5) { TrendTable.release(engine: everyYear, threshold: 5).table }
    // Without that build (an engine for one year), the trend builds the other years' indexes first.
    let oneYear = CohortEngine(data: loaded.data)
    measure(n, "table trend, protected, from a one-year engine") { TrendTable.release(engine: oneYear, threshold: 5).table }
}
if let p = jsonPath {
    let enc = JSONEncoder()
    enc.outputFormatting = [.prettyPrinted, .sortedKeys]
    if let d = try? enc.encode(results) { FileManager.default.createFile(atPath: p, contents: d) ; print("wrote \(p)") }
}
