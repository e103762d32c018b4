// swift-tools-version:6.0
import PackageDescription

// Layers, each depending only on those before it (ARCHITECTURE.md):
// CINModel (records, codes) <- CINLoading (reading returns and flat files, the load rules, the generator)
// <- CohortEngine (index, cohorts, tables; CINModel only) <- CINRelease (writing releases)
// <- ExplorerUI (state + rendering into an in-memory screen) <- CursesAdapter (the only curses code) <- cinx.
// -O in debug builds stays: without it `swift run cinx` takes 6.0 s of CPU to open the demo's first breakdown, with it 0.7 s (measured 2026-11-29).
let optimised: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
// The loaders keep their state in a few classes (reader, batch, builder) touched per byte and per
// field, so Swift's run-time exclusivity checks on those accesses (swift_beginAccess in a profile) are a
// large share of a load. They are a debugging aid for overlapping accesses: the test suite (also under
// ASan and TSan) keeps them on; release builds turn them off.
let loaderSettings: [SwiftSetting] = optimised + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
// The model's small types (Day, FactorSet, the code lists, the records' initialisers) are used per field by
// the loaders and per child by the engine, in other modules: cross-module optimisation lets those inline
// them, as they could when the loaders were in CINModel.
let modelSettings: [SwiftSetting] = loaderSettings + [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "cinx",
    platforms: [.macOS(.v13)],
    // Only the program: no library product. The loaders and the engine are built with unsafeFlags (above),
    // which SwiftPM refuses in a package others depend on, and nothing outside this package uses them.
    products: [
        .executable(name: "cinx", targets: ["cinx"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // An RFC 4180 reader for `cinx audit` (reading releases back as their readers would).
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        // The ZIP container of xlsx workbooks.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(name: "CinxZlib", path: "Sources/CinxZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        // A prefetch hint for the loaders' hash lookups (one static inline C function; nothing linked).
        .systemLibrary(name: "CinxPrefetch", path: "Sources/CinxPrefetch"),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw", pkgConfig: "ncursesw",
                       providers: [.apt(["libncursesw5-dev"])]),
        // GLPK solves the disclosure audit's integer programs (no pkg-config file on Debian: linked by name).
        .systemLibrary(name: "CGLPK", path: "Sources/CGLPK", providers: [.apt(["libglpk-dev"])]),
        // OpenSSL's libcrypto: SHA-256 of a release's inputs (linked by name, as GLPK).
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", providers: [.apt(["libssl-dev"])]),
        .target(name: "CCursesShim", dependencies: ["CNcursesw"], path: "Sources/CCursesShim"),
        // The model, the loaders and the engine are optimised even in debug builds (`optimised`, above).
        .target(name: "CINModel", path: "Sources/CINModel", swiftSettings: modelSettings),
        // Reading census files into a CensusData (public: CensusLoader, the load report, the generator).
        .target(name: "CINLoading", dependencies: ["CINModel", "CinxZlib", "CinxPrefetch"], path: "Sources/CINLoading", swiftSettings: loaderSettings),
        .target(name: "CohortEngine", dependencies: ["CINModel", "CGLPK"], path: "Sources/CohortEngine", swiftSettings: optimised),
        // Writing and reading releases: output formats, atomic writes, the audit of a release directory.
        .target(name: "CINRelease", dependencies: ["CohortEngine", "CINModel", "CINLoading", "COpenSSL", .product(name: "CSV", package: "CSV.swift"),
                                                .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                path: "Sources/CINRelease"),
        .target(name: "ExplorerUI", dependencies: ["CohortEngine", "CINModel", "CINLoading", "CINRelease"], path: "Sources/ExplorerUI"),
        .target(name: "CursesAdapter", dependencies: ["ExplorerUI", "CohortEngine", "CINModel", "CNcursesw", "CCursesShim"],
                path: "Sources/CursesAdapter"),
        .executableTarget(name: "cinx", dependencies: [
            "CINModel", "CINLoading", "CohortEngine", "CINRelease", "ExplorerUI", "CursesAdapter",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Sources/cinx"),
        .executableTarget(name: "cinx-bench", dependencies: ["CINModel", "CINLoading", "CohortEngine", "CINRelease", "ExplorerUI"],
                          path: "Sources/cinx-bench"),
        // Fixture builders shared by the test targets (no suite borrows another suite's helper). A
        // regular target, so that several test targets can depend on it; see Tests/Support/README.md
        // for why it is empty outside debug builds.
        .target(name: "CINTestSupport", dependencies: ["CINModel", "CINLoading"], path: "Tests/Support",
                exclude: ["README.md"]),
        // The model's and the loaders' tests (the directory keeps its name: scripts and docs point at its fixtures).
        .testTarget(name: "CINModelTests", dependencies: ["CINModel", "CINLoading", "CINTestSupport"], path: "Tests/CINModelTests",
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "CohortEngineTests", dependencies: ["CohortEngine", "CINModel", "CINLoading", "CINRelease", "CINTestSupport"],
                    path: "Tests/CohortEngineTests"),
        .testTarget(name: "ExplorerUITests", dependencies: ["ExplorerUI", "CohortEngine", "CINModel", "CINLoading", "CINRelease",
                                                         "CursesAdapter", "CINTestSupport"],
                    path: "Tests/ExplorerUITests"),
        // Runs the built cinx binary (tmux, batch mode, validate); `swift build` first, as .ci/run does.
        .testTarget(name: "EndToEndTests", dependencies: ["cinx", "CINTestSupport"], path: "Tests/EndToEnd",
                    exclude: ["explorer-tmux.sh", "check_workbook.py"]),
    ]
)
