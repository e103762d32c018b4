import CINLoading
import CINModel

extension ReleaseManifest {
    /// What was loaded, as anything cinx prints beside a release may say it: counts of records and of
    /// data-quality problems, small ones hidden like cells. `release.json`, the workbook's notes, the
    /// `loaded ...` line on stderr and the explorer's header and data-quality view all take their
    /// counts from here, so that no two of them together give a hidden count away. Only `cinx
    /// validate`, the data owner's full view, prints the counts themselves.
    public struct Loaded: Codable, Equatable, Sendable {
        public var children: PublishedCount
        public var episodes: PublishedCount
        public var assessments: PublishedCount
        /// The problems' total: hidden whenever any kind is (below).
        public var problems: PublishedCount
        /// Problems by kind (docs/data-format.md's rule names); only kinds that occurred.
        public var problemsByKind: [String: PublishedCount]

        public init(children: PublishedCount, episodes: PublishedCount, assessments: PublishedCount,
                    problems: PublishedCount, problemsByKind: [String: PublishedCount]) {
            self.children = children; self.episodes = episodes; self.assessments = assessments
            self.problems = problems; self.problemsByKind = problemsByKind
        }

        /// The rule: each count from 1 to `threshold` is `c` (0 turns suppression off), and the
        /// problems' total is `c` as soon as any kind is, since the total less the kinds shown would
        /// give a single hidden kind away (the demo: 320 - 317 = 3).
        public init(_ report: LoadReport, data: CensusData, threshold: Int) {
            var kinds: [String: PublishedCount] = [:]
            for rule in LoadRule.allCases where report.count(rule) > 0 {
                kinds[rule.rawValue] = PublishedCount(report.count(rule), threshold: threshold)
            }
            let total = kinds.values.contains(.hidden) ? .hidden : PublishedCount(report.totalProblems, threshold: threshold)
            self.init(children: PublishedCount(data.children.count, threshold: threshold),
                      episodes: PublishedCount(data.episodes.count, threshold: threshold),
                      assessments: PublishedCount(data.assessments.count, threshold: threshold),
                      problems: total, problemsByKind: kinds)
        }

        /// A kind's count as published (0 when the load had none of it).
        public func problems(_ rule: LoadRule) -> PublishedCount { problemsByKind[rule.rawValue] ?? .shown(0) }

        /// The `loaded ...` line `report` and `explore` print on stderr.
        public func line(files: Int) -> String {
            "loaded \(files) file(s): \(children) children, \(episodes) episodes, \(assessments) assessments; \(problems) data-quality problem(s)"
        }

        /// Whether any count of problems is hidden (a count derived from the kinds must then be too).
        public var hidesProblems: Bool { problems == .hidden }
    }
}
