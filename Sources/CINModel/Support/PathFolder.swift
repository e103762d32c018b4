/// The folder a path names a file in, worked out by hand: Foundation's `deletingLastPathComponent`
/// traps (an illegal instruction) on a one-character relative path on Linux, so `--out Y` or
/// `--ledger L` crashed.
public enum PathFolder {
    /// "" for a name alone (`Y`, `Y/`), "/" for a name at the root, else everything before the last `/`
    /// (trailing slashes ignored): `a/b/` -> `a`.
    public static func of(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "" }
        if slash == p.startIndex { return "/" }
        return String(p[..<slash])
    }

    /// The last component (`a/b/` -> `b`).
    public static func name(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/"), p != "/" else { return String(p) }
        return String(p[p.index(after: slash)...])
    }
}
