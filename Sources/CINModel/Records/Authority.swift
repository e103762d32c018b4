/// The local authority a record came from. A child is (authority, LAchildID): IDs are unique only
/// within one authority, so returns of different authorities never merge.
public struct Authority: Sendable, Hashable {
    /// The DfE three-digit code, when the file gave one that is in the code table or a name that
    /// matched one.
    public var code: String?
    /// The code table's name, or the value as the file wrote it; empty for the unnamed authority.
    public var name: String

    public init(code: String?, name: String) { self.code = code; self.name = name }

    /// A file that names no authority (no `LA` column, no `LEA`): one unnamed authority.
    public static let unnamed = Authority(code: nil, name: "")

    public var isUnnamed: Bool { code == nil && name.isEmpty }

    /// What the file said identifies the authority: the code, or the name case-blind.
    public var key: String { code ?? "name:" + LocalAuthorityCodes.normalised(name) }

    /// As tables and screens show it: `Barnet (302)`, a name or unknown code as written, or
    /// `Not given`.
    public var label: String {
        if let code { return name.isEmpty ? code : "\(name) (\(code))" }
        return name.isEmpty ? "Not given" : name
    }
}
