import ArgumentParser
import Foundation

/// An unknown command (`cinx reprot FILE`) is a usage error with a suggestion. Without this check the
/// default command, explore, would take `reprot` for a file to load and fail on it as unreadable.
/// A first argument that names an existing file is left to explore: `cinx FILE` opens it.
enum CommandSuggestion {
    static func check(_ arguments: [String], commands: [String]) throws {
        guard let first = arguments.first, !first.hasPrefix("-"), !commands.contains(first),
              !FileManager.default.fileExists(atPath: first) else { return }
        if let near = nearest(first, in: commands) {
            throw ValidationError("unknown command '\(first)'; did you mean '\(near)'? (commands: \(commands.joined(separator: ", ")))")
        }
        throw ValidationError("'\(first)' is neither a command (\(commands.joined(separator: ", "))) nor a file")
    }

    /// The command within two edits of `word` (a typo), the closest first; nil when none is that close.
    static func nearest(_ word: String, in commands: [String]) -> String? {
        let scored = commands.map { ($0, distance(word.lowercased(), $0)) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    /// Edit distance with adjacent transpositions (`reprot` is one edit from `report`).
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[x.count][y.count]
    }
}
