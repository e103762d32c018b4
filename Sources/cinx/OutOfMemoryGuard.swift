#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// While files load, a run that exhausts memory ends with one line naming the file,
/// `cinx: out of memory loading FILE`, and exit status 2, instead of the runtime's crash report.
///
/// Swift cannot catch a failed allocation: the runtime aborts (SIGABRT), and C code handed NULL
/// faults (SIGSEGV, SIGBUS). So the guard installs signal handlers for the load's duration. A handler
/// may only make async-signal-safe calls, so every message is formatted before loading starts and the
/// handler only picks one (by the file being read) and calls write(2) and _exit(2).
///
/// A fault or trap while memory is still available is a bug, not exhaustion: the handler then puts
/// back the previous handler (Swift's backtracer) and returns, so the faulting instruction runs again
/// and the crash is reported as it would be without the guard. Memory counts as exhausted when a small probe mapping fails.
///
/// There is no check of the limit against the files' sizes before loading: memory grows with distinct
/// records, not bytes (a file of one repeated row is large and cheap), so an estimate would refuse loads
/// that fit.
enum OutOfMemoryGuard {
    static let signals: [Int32] = [SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP]

    /// From the start of the run: running out of memory before any file is read (parsing the
    /// arguments, starting up) says `cinx: out of memory`. Loading narrows the message to the file.
    static func installAtStart() {
        GuardState.setMessages([], clearLine: false)
        GuardState.installHandlers()
    }

    /// Runs `body` with the handlers installed and a message per file; `body` reports each file as it
    /// starts reading it (its index in `files`). `clearLine` first clears a progress line left on the
    /// terminal. Afterwards the guard stays, saying `cinx: out of memory after loading the files`: the
    /// index, the tables and their protection need memory too, and a batch run (report, validate, a
    /// script) should end with a line, not a crash report. The explorer ends the guard before its
    /// terminal session (`end()`).
    static func during<T>(files: [String], clearLine: Bool, _ body: (_ reading: @escaping @Sendable (Int) -> Void) throws -> T) rethrows -> T {
        GuardState.setMessages(files, clearLine: clearLine)
        GuardState.installHandlers()
        defer { GuardState.setMessages([], clearLine: false, afterLoading: true) }
        return try body { index in GuardState.current.pointee = Int32(clamping: index) }
    }

    /// Puts back the handlers that were there before the run (Swift's backtracer): a crash in the
    /// explorer's terminal session is a bug to report as such, and a signal handler cannot restore the
    /// terminal before printing its line.
    static func end() { GuardState.removeHandlers() }
}

/// What the handler reads, all allocated before the handlers are installed. One guard per run.
private enum GuardState {
    /// One message per file, or one without a file (index 0) before loading.
    nonisolated(unsafe) static var messages: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = .allocate(capacity: 1)
    nonisolated(unsafe) static var messageCount: Int = 0
    nonisolated(unsafe) static var current: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    /// The handlers in place before ours, by signal number.
    nonisolated(unsafe) static var previous: UnsafeMutablePointer<sigaction> = .allocate(capacity: 64)
    nonisolated(unsafe) static var installed = false
    /// Whether the process runs under an address-space limit (`ulimit -v`), read before the handlers
    /// are installed.
    nonisolated(unsafe) static var addressSpaceLimited = false
    /// An alternate stack, so the handler also runs when the fault is on an exhausted stack.
    nonisolated(unsafe) static var alternateStack: UnsafeMutableRawPointer?

    static let alternateStackSize = 256 * 1024
    /// A mapping this size failing means memory is exhausted.
    static let probeBytes = 4 << 20

    /// Replaces the messages. The handler reads `messageCount` first, so the count is lowered while
    /// the old messages are freed and raised once the new ones are in place.
    static func setMessages(_ files: [String], clearLine: Bool, afterLoading: Bool = false) {
        let texts = afterLoading ? ["cinx: out of memory after loading the files\n"]
            : files.isEmpty ? ["cinx: out of memory\n"]
            : files.map { (clearLine ? "\r\u{1B}[K" : "") + "cinx: out of memory loading \($0)\n" }
        let fresh = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: texts.count)
        for (i, text) in texts.enumerated() { fresh[i] = strdup(text) }
        let (old, oldCount) = (messages, messageCount)
        messageCount = 0
        current.pointee = 0
        messages = fresh
        messageCount = texts.count
        for i in 0..<oldCount { free(old[i]) }
        old.deallocate()
    }

    static func installHandlers() {
        guard !installed else { return }
        var limit = rlimit()
        addressSpaceLimited = getrlimit(RLIMIT_AS_VALUE, &limit) == 0 && limit.rlim_cur != rlim_t.max
        if alternateStack == nil, let stack = malloc(alternateStackSize) {
            alternateStack = stack
            var s = stack_t()
            s.ss_sp = stack
            s.ss_size = alternateStackSize
            s.ss_flags = 0
            sigaltstack(&s, nil)
        }
        for sig in OutOfMemoryGuard.signals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = outOfMemoryHandler
            #else
            action.__sigaction_u.__sa_handler = outOfMemoryHandler
            #endif
            action.sa_flags = SA_ONSTACK
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, previous + Int(sig))
        }
        installed = true
    }

    static func removeHandlers() {
        guard installed else { return }
        for sig in OutOfMemoryGuard.signals { sigaction(sig, previous + Int(sig), nil) }
        installed = false
    }
}

#if canImport(Glibc)
private let RLIMIT_AS_VALUE = __rlimit_resource_t(RLIMIT_AS.rawValue)
#else
private let RLIMIT_AS_VALUE = RLIMIT_AS
#endif

/// The handler: only async-signal-safe calls (mmap, munmap, write, sigaction, _exit).
private func outOfMemoryHandler(_ sig: Int32) {
    // The runtime aborts on a failed allocation, but also on a failed `as!`, an exclusivity violation
    // or a corrupted heap. Without an address-space limit Linux does not fail allocations (the kernel's
    // OOM killer ends the process instead), so there an abort is a bug and goes to the backtracer.
    var exhausted = sig == SIGABRT && GuardState.addressSpaceLimited
    if !exhausted {
        let probe = mmap(nil, GuardState.probeBytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        if probe == MAP_FAILED { exhausted = true } else { munmap(probe, GuardState.probeBytes) }
    }
    guard exhausted else {
        // Not memory: the previous handler reports the crash when the instruction faults again.
        sigaction(sig, GuardState.previous + Int(sig), nil)
        return
    }
    let index = Int(GuardState.current.pointee)
    let count = GuardState.messageCount
    if count > 0, let message = GuardState.messages[min(max(0, index), count - 1)] {
        _ = write(2, message, strlen(message))
    }
    _exit(2)
}
