import Foundation

/// A request, from another thread, that the protection running now stop (the explorer's Esc while it
/// protects a release). A cancelled protection returns a release marked `cancelled`, which is never
/// shown, cached or written: the caller goes back to what it had.
public enum ProtectionCancellation {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var requested = false

    public static func request() { lock.lock(); requested = true; lock.unlock() }
    public static func clear() { lock.lock(); requested = false; lock.unlock() }
    public static var isRequested: Bool { lock.lock(); defer { lock.unlock() }; return requested }
}
