import Testing
import Foundation
@testable import CINModel
@testable import CINLoading
@testable import CINTestSupport

/// `cinx generate --authorities N`: fictional authorities with overlapping LAchildIDs.
@Suite struct PooledExtractTests {
    @Test func oneAuthorityIsThePlainExtract() throws {
        let pooled = SyntheticExtract.pooled(authorities: 1, children: 300, seed: 7)
        #expect(pooled.count == 1 && pooled[0].authority == .demo)
        let a = try ExtractWriter.write(pooled: pooled, format: .csv, directory: temporaryDirectory(), gzip: true)
        let b = try ExtractWriter.write(SyntheticExtract(children: 300, seed: 7), format: .csv, directory: temporaryDirectory(), gzip: true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: a[0])) == Data(contentsOf: URL(fileURLWithPath: b[0])))
    }

    @Test func authoritiesAreDistinctFictionalAndShareIDs() {
        let pooled = SyntheticExtract.pooled(authorities: 4, children: 1001, seed: 7)
        #expect(pooled.map(\.children.count) == [251, 250, 250, 250])
        #expect(pooled.map(\.authority.code) == ["991", "992", "993", "994"])
        #expect(Set(pooled.map(\.authority.name)).count == 4)
        // Every authority numbers from the same start, so IDs collide across authorities (on purpose).
        #expect(Set(pooled.map { $0.children[0].id }) == ["C1000000"])
        // ... but the children differ, and each UPN carries its authority's code.
        #expect(pooled[0].children[0].birth != pooled[1].children[0].birth || pooled[0].children[0].episodes.count != pooled[1].children[0].episodes.count
                || pooled[0].children[0].ethnicity != pooled[1].children[0].ethnicity)
        for e in pooled { #expect(e.children.allSatisfy { $0.upn.dropFirst().hasPrefix(e.authority.code) }) }
    }

    @Test func largePoolsKeepCodesDistinctAndOffTheDfEList() {
        let pool = GeneratedAuthority.pool(GeneratedAuthority.maximumPool)
        #expect(pool.count == 205)
        #expect(Set(pool.map(\.code)).count == pool.count && Set(pool.map(\.name)).count == pool.count)
        // DfE local-authority codes run from 201 to 943; none of ours is in that range.
        #expect(pool.allSatisfy { c in c.code.count == 3 && (Int(c.code).map { $0 < 200 || $0 > 990 } ?? false) })
    }

    @Test func xmlFilesAreNamedAndHeadedByAuthority() throws {
        let pooled = SyntheticExtract.pooled(authorities: 2, children: 200, seed: 3)
        let dir = temporaryDirectory()
        let paths = try ExtractWriter.write(pooled: pooled, format: .xml, directory: dir, gzip: false)
        #expect(paths.map { ($0 as NSString).lastPathComponent } == (2015...2020).map { "cin-991-\($0).xml" } + (2015...2020).map { "cin-992-\($0).xml" })
        let text = try String(contentsOfFile: paths[7], encoding: .utf8)
        #expect(text.contains("<LEA>992</LEA>") && !text.contains("<LEA>991</LEA>"))
    }

    @Test func flatFileNamesEachRowsAuthority() throws {
        let pooled = SyntheticExtract.pooled(authorities: 3, children: 300, seed: 3)
        let dir = temporaryDirectory()
        let paths = try ExtractWriter.write(pooled: pooled, format: .csv, directory: dir, gzip: false)
        let lines = try String(contentsOfFile: paths[0], encoding: .utf8).split(separator: "\n").dropFirst()
        var perLA: [String: Set<String>] = [:]
        for l in lines {
            let cells = l.split(separator: ",", omittingEmptySubsequences: false)
            guard let la = cells.last, let id = cells.first else { continue }
            perLA[String(la), default: []].insert(String(id))
        }
        #expect(Set(perLA.keys) == ["Northmere", "Eastvale", "Southholm"])
        // The same ID appears under more than one authority.
        #expect(!perLA["Northmere", default: []].isDisjoint(with: perLA["Eastvale", default: []]))
    }
}
