import CohortEngine
import CINModel
import ExplorerUI
import Foundation

/// Handles one key off the key loop, so that a key whose work takes long (protecting a release with
/// custom cohorts) leaves the terminal alive: after a moment the bottom line says what it is doing, and
/// Esc cancels it, back to the view before the key. The state is a value, so the work runs on a copy
/// and the view before it stays as it was until the work is done.
enum KeyWork {
    /// Milliseconds before the "protecting" line shows (a quick key never flashes it).
    static let quietMilliseconds = 150

    final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var state: ExplorerState?
        func set(_ s: ExplorerState) { lock.lock(); state = s; lock.unlock() }
        var value: ExplorerState? { lock.lock(); defer { lock.unlock() }; return state }
    }

    /// The state after the key, and whether its work was long enough to say so (then the keys typed
    /// meanwhile are to be dropped; quick keys keep typeahead, as in a prompt typed fast).
    static func run(_ key: Key, on state: ExplorerState, width: Int, height: Int) -> (state: ExplorerState, long: Bool) {
        let outcome = Outcome()
        let copy = SendableState(state)
        let started = DetachedThread.start {
            var next = copy.state
            next.handle(key)
            outcome.set(next)
        }
        guard started else {
            // No thread to be had: do it on this one (the screen waits, and Esc cannot cancel).
            var next = state
            next.handle(key)
            return (next, false)
        }
        // A quick key is done before anything is read or drawn: typeahead stays for the next keys.
        let startedAt = Date()
        while Date().timeIntervalSince(startedAt) * 1000 < Double(quietMilliseconds) {
            if let next = outcome.value { return (next, false) }
            usleep(2_000)
        }
        // Only the bottom line is drawn: the view stays as it was (the state is being worked on).
        let text = " protecting the release... (Esc cancels and goes back)"
        Curses.put(y: max(0, height - 1), x: 0, text: String(text.padding(toLength: max(0, width - 1), withPad: " ", startingAt: 0)),
                   attributes: 0)
        Curses.refresh()
        Curses.setReadTimeout(milliseconds: 50)
        defer { Curses.setReadTimeout(milliseconds: -1) }
        while true {
            if let next = outcome.value { return (next, true) }
            // Keys typed now are read and dropped (the caller drops the rest), but for Esc.
            let (kind, scalar) = Curses.readKey()
            if kind == Curses.keyChar && scalar == 27 {
                ProtectionCancellation.request()
                while outcome.value == nil { usleep(10_000) }
                ProtectionCancellation.clear()
                var back = state
                back.noteCancelled()
                return (back, true)
            }
        }
    }

    /// The state handed to the worker thread (a value: the worker changes its own copy).
    struct SendableState: @unchecked Sendable {
        let state: ExplorerState
        init(_ s: ExplorerState) { state = s }
    }
}
