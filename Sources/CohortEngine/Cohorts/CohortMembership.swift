import CINModel

/// Each child's cohort bits from the first assessment's factor bits, by table lookup.
///
/// A cohort rule reads only the factor bits its codes name (a code with no bit never matches), so
/// every cohort's answer is a function of `factors & mask`, where `mask` is the union of those bits.
/// With few such bits (the standard cohorts name five) every combination is evaluated once, up
/// front, through `CohortExpression.matches` itself; a child is then a lookup, instead of a walk of
/// each rule's tree with a code-to-bit lookup at every leaf. Rules naming more bits than a table
/// holds are evaluated by walking each rule's tree.
struct CohortMembership {
    /// Largest number of named factor bits tabulated (a table of 2^n cohort-bit words).
    static let maxTabulatedBits = 12

    private let cohorts: [CohortExpression]
    /// The factor bits the rules name, lowest first.
    private let namedBits: [UInt64]
    /// Cohort bits of each combination of `namedBits` (bit i of the position is `namedBits[i]`);
    /// empty when there are too many named bits to tabulate.
    private let table: [UInt32]
    /// The bytes of the factor word that hold a named bit (as shifts), and for each, every value of
    /// that byte's bits of the position (`bytePositions[k * 256 + byte]`): a child's position is a
    /// lookup per such byte (the standard cohorts' five bits, 1B to 5B, sit in two) instead of a test per
    /// named bit.
    private let byteShifts: [UInt64]
    private let bytePositions: [UInt16]

    init(_ cohorts: [CohortDefinition]) {
        self.cohorts = cohorts.map(\.expression)
        var mask: UInt64 = 0
        for c in cohorts { mask |= CohortMembership.namedFactors(c.expression) }
        namedBits = (0..<64).map { UInt64(1) << UInt64($0) }.filter { mask & $0 != 0 }
        guard namedBits.count <= CohortMembership.maxTabulatedBits else {
            table = []; byteShifts = []; bytePositions = []
            return
        }
        var shifts: [UInt64] = [], positions: [UInt16] = []
        for byte in 0..<8 where (mask >> UInt64(byte * 8)) & 0xFF != 0 {
            shifts.append(UInt64(byte * 8))
            for value in 0..<256 {
                let factors = UInt64(value) << UInt64(byte * 8)
                var position: UInt16 = 0
                for (i, bit) in namedBits.enumerated() where factors & bit != 0 { position |= 1 << UInt16(i) }
                positions.append(position)
            }
        }
        byteShifts = shifts; bytePositions = positions
        var table = [UInt32](repeating: 0, count: 1 << namedBits.count)
        for position in table.indices {
            var factors: UInt64 = 0
            for (i, bit) in namedBits.enumerated() where position & (1 << i) != 0 { factors |= bit }
            table[position] = CohortMembership.evaluate(self.cohorts, factors)
        }
        self.table = table
    }

    /// The cohort bits (bit k: cohort k) of a child with these first-assessment factors.
    @inline(__always) func bits(_ factors: UInt64) -> UInt32 {
        guard !table.isEmpty else { return CohortMembership.evaluate(cohorts, factors) }
        var position = 0
        for k in byteShifts.indices { position |= Int(bytePositions[k &<< 8 | Int(truncatingIfNeeded: (factors &>> byteShifts[k]) & 0xFF)]) }
        return table[position]
    }

    private static func evaluate(_ cohorts: [CohortExpression], _ factors: UInt64) -> UInt32 {
        var m: UInt32 = 0
        for (k, e) in cohorts.enumerated() where e.matches(factors) { m |= UInt32(1) << UInt32(k) }
        return m
    }

    /// The factor bits a rule reads.
    static func namedFactors(_ e: CohortExpression) -> UInt64 {
        switch e {
        case .factor(let code): return AssessmentFactor.bit(code)?.rawValue ?? 0
        case .not(let a): return namedFactors(a)
        case .and(let a, let b), .or(let a, let b): return namedFactors(a) | namedFactors(b)
        }
    }
}
