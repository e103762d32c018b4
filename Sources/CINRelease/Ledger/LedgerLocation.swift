/// Where the release ledger lives: `--ledger DIR`, else `$CINX_LEDGER` (a team's shared folder), else
/// the user's XDG state directory, `$XDG_STATE_HOME/cinx/ledger` (`~/.local/state/cinx/ledger` when
/// XDG_STATE_HOME is unset or not absolute, as the XDG Base Directory specification says).
public enum LedgerLocation {
    public static let environmentVariable = "CINX_LEDGER"

    /// The ledger's folder; nil when none can be named (no option, no variable, no HOME).
    public static func directory(option: String?, environment: [String: String]) -> String? {
        if let option, !option.isEmpty { return option }
        if let shared = environment[environmentVariable], !shared.isEmpty { return shared }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/cinx/ledger" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/state/cinx/ledger" }
        return nil
    }
}
