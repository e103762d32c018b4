import ArgumentParser

/// The entry point: the out-of-memory guard first, so that even parsing the arguments cannot end in a crash report.
@main
enum CinxMain {
    static func main() {
        OutOfMemoryGuard.installAtStart()
        Cinx.main()
    }
}

struct Cinx: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cinx",
        abstract: "CIN Cohort Explorer: load Children in Need census extracts and answer the cohort FOI questions.",
        discussion: "With no subcommand, opens the explorer on the bundled demo extract.",
        subcommands: [Explore.self, Report.self, Audit.self, Validate.self, Generate.self],
        defaultSubcommand: Explore.self
    )
}
