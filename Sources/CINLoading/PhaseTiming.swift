import Foundation
import CINModel

/// Wall time and peak memory so far per loading phase on stderr when `CINX_TIMING` is set (for
/// profiling the loaders on real files; the benchmarks have their own figures). Prints nothing about
/// the data.
public final class PhaseTiming {
    private var last = Date()

    public static func fromEnvironment() -> PhaseTiming? {
        ProcessInfo.processInfo.environment["CINX_TIMING"] != nil ? PhaseTiming() : nil
    }

    /// A line of counts (never values from the data).
    public func note(_ text: String) {
        FileHandle.standardError.write(Data("timing: \(text)\n".utf8))
    }

    public func mark(_ phase: String) {
        let now = Date()
        FileHandle.standardError.write(Data(String(format: "timing: %7.3f s  %5d MB peak  %@\n", now.timeIntervalSince(last),
                                                   PhaseTiming.peakResidentMegabytes(), phase).utf8))
        last = now
    }

    /// Peak resident set size of this process so far, in MB (for `--stats`, the benchmarks and the
    /// phase lines).
    public static func peakResidentMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)  // ru_maxrss is in KB on Linux
        return Int(usage.ru_maxrss) / 1024
    }
}
