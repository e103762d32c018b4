import ArgumentParser

struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open the explorer (the bundled demo extract when no file is given).")
    @Argument(help: "Files to open.") var files: [String] = []
    func run() throws { print("explorer not built yet") }
}
