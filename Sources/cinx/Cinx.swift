import ArgumentParser

@main
struct Cinx: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cinx",
        abstract: "CIN Cohort Explorer: load Children in Need census extracts and answer the cohort FOI questions.",
        discussion: "With no subcommand, opens the explorer on the bundled demo extract.",
        subcommands: [Explore.self, Report.self, Audit.self, Validate.self, Generate.self],
        defaultSubcommand: Explore.self
    )
}
