import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A folder nothing can be created in, for the release ledger's read-only tests: mode 0500, and for
/// root (whom modes do not stop) the immutable attribute as well (`chattr +i`, ext2/3/4 and most local
/// file systems). Public API only, so it is built in every configuration.
public enum ReadOnlyFolder {
    public struct Unsupported: Error, CustomStringConvertible {
        public var description: String
    }

    public static func make(_ path: String) throws {
        chmod(path, 0o500)
        if geteuid() == 0 {
            guard chattr("+i", path) == 0 else {
                chmod(path, 0o700)
                throw Unsupported(description: "chattr +i \(path) failed: root needs the immutable attribute for a read-only folder")
            }
        }
    }

    public static func undo(_ path: String) {
        if geteuid() == 0 { _ = chattr("-i", path) }
        chmod(path, 0o700)
    }

    private static func chattr(_ flag: String, _ path: String) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["chattr", flag, path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }
}
