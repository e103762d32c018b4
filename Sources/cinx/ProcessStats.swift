import Foundation

/// Wall and CPU time since creation, for `--stats` and benchmarks.
struct LoadClock {
    let startWall = DispatchTime.now().uptimeNanoseconds
    let startCPU = LoadClock.cpuNow()
    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - startWall) / 1e9 }
    var cpuSeconds: Double { LoadClock.cpuNow() - startCPU }
    static func cpuNow() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
    }
}
