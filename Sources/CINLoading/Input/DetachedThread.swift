import Foundation
import CINModel

/// Starts a detached thread with pthread_create, which, unlike Foundation's `Thread`, says when it
/// failed (no memory for its stack). A caller that would wait for work the thread never did falls
/// back to doing that work itself.
enum DetachedThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// False when the thread could not be started; `run` then never runs.
    static func start(stackSize: Int = 8 << 20, _ run: @escaping () -> Void) -> Bool {
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

/// Hands a value to another thread and back (the owner waits for that thread before reading it).
final class SendableBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
