#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts a detached thread with pthread_create, which, unlike Foundation's `Thread`, says when it
/// failed (no memory for its stack). A caller that would wait for work the thread never did falls
/// back to doing that work itself. (libdispatch, asked for a thread it cannot start, retries for
/// ever: under a memory limit that is a hang.) Shared by the loaders, the engine and release writing.
public enum DetachedThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// False when the thread could not be started; `run` then never runs.
    public static func start(stackSize: Int = 8 << 20, _ run: @escaping () -> Void) -> Bool {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let body = Unmanaged.passRetained(Body(run)).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let started = pthread_create(&thread, &attributes, { argument in
            guard let argument else { return nil }
            Unmanaged<Body>.fromOpaque(argument).takeRetainedValue().run()
            return nil
        }, body)
        if started != 0 { Unmanaged<Body>.fromOpaque(body).release() }
        return started == 0
    }
}
