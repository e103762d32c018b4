import CINModel

/// Finds a record by its parent and a key (an episode by child and referral date, an assessment by
/// episode and start date, ...), for the merge.
///
/// Each parent keeps a chain of its records (a parent has a few), so a lookup reads the parent's
/// head and walks a short chain. On a national file this beat one global hash table by far: parents
/// are met in nearly the order they were created (a return lists its children in order), so the
/// heads are read almost sequentially, where a hash spreads every lookup over a table larger than the
/// cache (perf: a lookup was the builder's largest cost). The index is also smaller (12 bytes per
/// record and parent, not 16 per slot at 70% load).
///
/// A parent whose chain grows long (hostile or odd input: thousands of episodes for one child) moves
/// to a hash table, so no input makes a lookup cost more than a few steps.
struct ChainIndex {
    /// Per parent: its newest record, -1 for none, `ChainIndex.inTable` when its records are in `table`.
    private var heads: [Int32] = []
    /// Per record (in the order added): the parent's next older record and this record's key.
    private var links: [Link] = []
    private var table = IntKeyTable(capacity: 16)

    private struct Link { var next: Int32; var key: Int32 }
    private static let inTable: Int32 = -2
    static let longChain = 24

    var count: Int { links.count }

    /// The record with this key under this parent, if any.
    mutating func find(_ parent: Int32, _ key: Int32) -> Int32? {
        let p = Int(parent)
        guard p >= 0 && p < heads.count else { return nil }
        var r = heads[p]
        if r == ChainIndex.inTable { return table[IntKeyTable.key(parent, key)] }
        var steps = 0
        while r >= 0 {
            let link = links[Int(r)]
            if link.key == key { return r }
            r = link.next
            steps += 1
        }
        if steps >= ChainIndex.longChain { moveToTable(parent) }
        return nil
    }

    /// Every record under this parent, newest first; nil when the parent's records have moved to the
    /// hash table (more than `longChain`), which cannot list them.
    func records(of parent: Int32) -> [Int32]? {
        let p = Int(parent)
        guard p >= 0 && p < heads.count else { return [] }
        var r = heads[p]
        if r == ChainIndex.inTable { return nil }
        var out: [Int32] = []
        while r >= 0 {
            out.append(r)
            r = links[Int(r)].next
        }
        return out
    }

    /// Room for `parents` heads and `records` records without growing (`CensusBuilder.reserve`).
    mutating func reserve(parents: Int, records: Int) {
        heads.reserveCapacity(parents)
        links.reserveCapacity(records)
    }

    /// Adds record `record`, which must be the next record index (records are added in order).
    mutating func insert(_ parent: Int32, _ key: Int32, _ record: Int32) {
        precondition(Int(record) == links.count && parent >= 0, "ChainIndex: records are added in order")
        let p = Int(parent)
        if p >= heads.count { heads.append(contentsOf: repeatElement(-1, count: p + 1 - heads.count)) }
        if heads[p] == ChainIndex.inTable {
            table.insert(IntKeyTable.key(parent, key), record)
            links.append(Link(next: -1, key: key))
        } else {
            links.append(Link(next: heads[p], key: key))
            heads[p] = record
        }
    }

    private mutating func moveToTable(_ parent: Int32) {
        var r = heads[Int(parent)]
        while r >= 0 {
            table.insert(IntKeyTable.key(parent, links[Int(r)].key), r)
            r = links[Int(r)].next
        }
        heads[Int(parent)] = ChainIndex.inTable
    }
}
