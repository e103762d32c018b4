/// The DfE Unique Pupil Number: a check letter, then the allocating authority's 3-digit code, a 4-digit
/// establishment number, the 2-digit year of allocation and a 3-character serial (a final letter marks a
/// temporary UPN). The check letter is what DfE rule 1510 tests.
public enum UPN {
    /// The 23 letters a check letter can be, indexed by remainder: I, O and S are left out because they
    /// are easily read as 1, 0 and 5.
    static let letters = Array("ABCDEFGHJKLMNPQRTUVWXYZ".utf8)

    /// The check letter for characters 2 to 13 (`body`, 12 characters): each character times its position
    /// (2 to 13), summed, modulo 23. A digit counts as its value; a letter (only allowed last, in a temporary
    /// UPN) counts as its index in `letters`. Nil when `body` is not 12 such characters.
    public static func checkLetter(body: String) -> Character? {
        let bytes = Array(body.utf8)
        guard bytes.count == 12 else { return nil }
        var sum = 0
        for (i, b) in bytes.enumerated() {
            let value: Int
            if b >= 48 && b <= 57 {
                value = Int(b - 48)
            } else if i == 11, let k = letters.firstIndex(of: b) {
                value = k
            } else {
                return nil
            }
            sum += value * (i + 2)
        }
        return Character(Unicode.Scalar(letters[sum % 23]))
    }

    /// True when `upn` is 13 characters whose first is the check letter of the rest.
    public static func isValid(_ upn: String) -> Bool {
        guard upn.utf8.count == 13, let first = upn.first else { return false }
        return checkLetter(body: String(upn.dropFirst())) == first
    }

    /// A permanent UPN (all digits after the check letter) from its parts.
    public static func make(authority: Int, establishment: Int, year: Int, serial: Int) -> String {
        func digits(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(width - s.count, 0)) + s
        }
        let body = digits(authority % 1000, 3) + digits(establishment % 10_000, 4) + digits(year % 100, 2) + digits(serial % 1000, 3)
        return String(checkLetter(body: body) ?? "A") + body
    }
}
