import Testing
import Foundation
@testable import CINModel
@testable import CINLoading
@testable import CINTestSupport

/// The generator's XML returns against the XSD of their year (`CensusSchema.xsdFile`, copied into
/// Fixtures/xsd), checked by libxml2's `xmllint` (Debian libxml2-utils; `.ci/run` installs it).
@Suite struct SchemaValidationTests {
    /// Runs `xmllint --schema XSD --noout FILE`; returns its exit status and its stderr lines.
    func xmllint(_ file: String, year: Int) throws -> (status: Int32, errors: [String]) {
        let xsd = fixturePath("xsd/" + CensusSchema(collectionYear: year).xsdFile)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["xmllint", "--schema", xsd, "--noout", file]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        return (p.terminationStatus, lines.filter { $0.contains("validity error") || $0.contains("parser error") })
    }

    @Test func xmllintIsInstalled() throws {
        // Without it every check below would fail for the wrong reason; say so plainly.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["xmllint", "--version"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "xmllint not found: apt-get install libxml2-utils (.ci/run does)")
    }

    /// Every return from 2014-15 to 2025-26, across all six schemas, validates when no faults are injected.
    @Test(arguments: [UInt64(3), 2017])
    func returnsWithoutFaultsValidate(seed: UInt64) throws {
        let extract = SyntheticExtract(children: 1500, seed: seed, firstYear: 2015, lastYear: 2026, faults: false)
        let dir = temporaryDirectory()
        let paths = try ExtractWriter.write(extract, format: .xml, directory: dir, gzip: false)
        #expect(paths.count == 12)
        for (year, path) in zip(extract.years, paths) {
            let (status, errors) = try xmllint(path, year: year)
            #expect(status == 0 && errors.isEmpty, "\(year) against \(CensusSchema(collectionYear: year).xsdFile): \(errors.prefix(5))")
        }
    }

    /// With the deliberate faults, the only schema errors are the three documented ones that break a code
    /// list (factor RB, need N12, ethnicity XXXX), and each occurs.
    @Test func faultsAreTheOnlySchemaErrors() throws {
        let extract = SyntheticExtract(children: 4000, seed: 2017)
        let dir = temporaryDirectory()
        let paths = try ExtractWriter.write(extract, format: .xml, directory: dir, gzip: false)
        var seen: Set<String> = []
        for (year, path) in zip(extract.years, paths) {
            let (_, errors) = try xmllint(path, year: year)
            for e in errors {
                let fault = ["'RB'", "'N12'", "'XXXX'"].first { e.contains($0) }
                #expect(fault != nil, "undocumented schema error in \(year): \(e)")
                if let f = fault { seen.insert(f) }
            }
        }
        #expect(seen == ["'RB'", "'N12'", "'XXXX'"])
    }

    /// A pooled extract's returns carry each authority's code in the header, which the schema checks (\d{3}).
    @Test func pooledReturnsValidate() throws {
        let extracts = SyntheticExtract.pooled(authorities: 3, children: 900, seed: 5, faults: false)
        let dir = temporaryDirectory()
        let paths = try ExtractWriter.write(pooled: extracts, format: .xml, directory: dir, gzip: false)
        #expect(paths.count == 18)
        for path in paths {
            let year = Int(path.dropLast(4).suffix(4)) ?? 0
            let (status, errors) = try xmllint(path, year: year)
            #expect(status == 0 && errors.isEmpty, "\(path): \(errors.prefix(3))")
        }
    }
}
