import CohortEngine
import Foundation

extension ReleaseDirectory {
    /// release.json's cohorts as the audit models them: each id once, each rule read. A rule that
    /// cannot be read is an error, not a cohort modelled as unrelated to the others: an unrelated
    /// cohort loses every link the rule implies (a custom cohort inside B, B's parts), so the audit
    /// would pass cells that a reader who knows the rule can narrow.
    static func cohortRules(of manifest: ReleaseManifest, text: String,
                            path: String) throws(ReadError) -> (ids: [String], rules: [String: CohortExpression]) {
        var ids: [String] = []
        var rules: [String: CohortExpression] = [:]
        for c in manifest.cohorts {
            let at = line(ofRule: c.rule, in: text).map { "line \($0): " } ?? ""
            guard !ids.contains(c.id) else { throw ReadError(path: path, reason: "\(at)cohort \(printable(c.id)) is listed twice") }
            do { rules[c.id] = try CohortExpressionParser.parse(c.rule) } catch {
                throw ReadError(path: path, reason: "\(at)cohort \(printable(c.id))'s rule '\(printable(c.rule))' cannot be read (\(error.shortDescription)), "
                                + "so the audit cannot model how the cohort relates to the others")
            }
            ids.append(c.id)
        }
        return (ids, rules)
    }

    /// The 1-based line of the first `"rule"` member with this value (nil when it cannot be found,
    /// e.g. written with escapes cinx does not use): an error names its line where it can.
    static func line(ofRule rule: String, in text: String) -> Int? {
        guard let data = try? JSONSerialization.data(withJSONObject: rule, options: [.fragmentsAllowed, .withoutEscapingSlashes]) else { return nil }
        let literal = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.firstIndex { $0.contains("\"rule\"") && $0.contains(literal) }.map { $0 + 1 }
    }

    /// Text from a file, fit for a one-line message: control characters escaped, at most 40 characters.
    static func printable(_ s: String) -> String {
        let escaped = s.unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }.joined()
        return escaped.count > 40 ? String(escaped.prefix(39)) + "…" : escaped
    }
}
