/// Hands a value to another thread and back (the owner waits for that thread before reading it).
final class SendableBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
