import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built cinx and a way to run it (or any command) that every end-to-end suite shares.
enum CinxProcess {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The cinx built next to this test bundle.
    /// Whether the cinx under test was built with AddressSanitizer or ThreadSanitizer (its binary
    /// calls the sanitizer's initialiser).
    static let isSanitizerBuild: Bool = {
        guard let bytes = FileManager.default.contents(atPath: binary) else { return false }
        return bytes.range(of: Data("__asan_init".utf8)) != nil || bytes.range(of: Data("__tsan_init".utf8)) != nil
    }()

    static var binary: String {
        let exe = URL(fileURLWithPath: ProcessInfo.processInfo.arguments.first ?? "")
        var dir = exe.deletingLastPathComponent()
        // .xctest may be a bundle directory on some platforms.
        if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        for candidate in [dir.path + "/cinx", packageRoot + "/.build/debug/cinx"] where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return dir.path + "/cinx"
    }

    /// Runs cinx from the package root; its exit status and its output (stdout and stderr together).
    static func cinx(_ args: [String]) -> (status: Int32, output: String) { output(of: [binary] + args) }

    /// Runs any command from the package root; its exit status and its output (stdout and stderr together).
    static func output(of argv: [String]) -> (status: Int32, output: String) {
        let log = NSTemporaryDirectory() + "cinx-e2e-" + UUID().uuidString + ".log"
        let rc = run(argv, log: log, cwd: packageRoot)
        return (rc, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    /// A new directory `name` under a temporary folder of its own (a suite's `prefix` names the folder).
    static func workDirectory(_ prefix: String, _ name: String) -> String {
        let dir = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString + "/" + name
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The environment every command runs in: the test's own, with `CINX_LEDGER` a new empty folder
    /// for each command (so that no test records in the user's release ledger, and no test's releases
    /// are protected against another's), unless `environment` names one; `environment` on top.
    static func environment(_ extra: [String: String]) -> [String] {
        var env = ProcessInfo.processInfo.environment
        env["CINX_LEDGER"] = NSTemporaryDirectory() + "cinx-e2e-ledger-" + UUID().uuidString
        for (k, v) in extra { env[k] = v }
        return env.map { "\($0.key)=\($0.value)" }
    }

    /// posix_spawn with an empty signal mask and output to a file: Foundation.Process can hang on
    /// a daemonised tmux server, and a child of a test task may inherit blocked signals.
    static func run(_ argv: [String], log: String, cwd: String, environment extra: [String: String] = [:]) -> Int32 {
        guard let pid = start(argv, log: log, cwd: cwd, environment: extra) else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }

    /// Starts a command without waiting for it (a test that kills it); its pid, nil when it could not start.
    static func start(_ argv: [String], log: String, cwd: String, environment extra: [String: String] = [:]) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        // `sh -c 'cd DIR && exec "$@"'`: the working directory without changing this process's.
        let full = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", cwd] + argv
        var cargs = full.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        var cenv = environment(extra).map { strdup($0) } + [nil]
        defer { for p in cenv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, "/bin/sh", &actions, &attr, &cargs, &cenv)
        return rc == 0 ? pid : nil
    }
}
