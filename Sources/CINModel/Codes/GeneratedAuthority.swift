/// A fictional local authority for generated extracts: its 3-digit code (the XML header's `LEA`, and
/// characters 2-4 of its children's UPNs) and its name (the flat file's `LA` column, as liiatools writes
/// it). The codes are not DfE local-authority codes, so generated data can never be taken for a real
/// authority's: real codes run from 201 to 943 with none in 991-996 or below 200 (docs/demo-data.md).
public struct GeneratedAuthority: Sendable, Equatable {
    public let code: String
    public let name: String
    /// Scales how often parental mental health (4B) is found, so that pooled authorities differ in the
    /// share of cohort B as real ones do.
    public let prevalence: Double

    public init(code: String, name: String, prevalence: Double = 1) {
        self.code = code
        self.name = name
        self.prevalence = prevalence
    }

    /// The single authority of a plain extract (`--authorities 1`): what the generator always wrote.
    public static let demo = GeneratedAuthority(code: "999", name: "Demo")

    static let named: [GeneratedAuthority] = [
        .init(code: "991", name: "Northmere", prevalence: 1.0),
        .init(code: "992", name: "Eastvale", prevalence: 0.8),
        .init(code: "993", name: "Southholm", prevalence: 1.25),
        .init(code: "994", name: "Westmoor", prevalence: 0.9),
        .init(code: "995", name: "Midfold", prevalence: 1.15),
        .init(code: "996", name: "Highcombe", prevalence: 1.05),
    ]

    /// Codes for authorities after the named six: 100-199, then 001-099 (none is a DfE code).
    static let spareCodes: [Int] = Array(100...199) + Array(1...99)

    /// The most authorities one pooled extract can have.
    public static var maximumPool: Int { named.count + spareCodes.count }

    /// `count` distinct authorities for a pooled extract (1 gives `demo`): the six named ones first, then
    /// "Authority NNN" on the spare codes, with prevalences spread over 0.75 to 1.25.
    public static func pool(_ count: Int) -> [GeneratedAuthority] {
        guard count > 1 else { return [.demo] }
        return (0..<min(count, maximumPool)).map { i in
            if i < named.count { return named[i] }
            let n = spareCodes[i - named.count]
            let code = String(repeating: "0", count: n < 10 ? 2 : n < 100 ? 1 : 0) + String(n)
            return GeneratedAuthority(code: code, name: "Authority \(code)", prevalence: 0.75 + Double((n * 37) % 51) / 100)
        }
    }
}
