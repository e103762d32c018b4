import CINModel

/// A group's episodes: the first row of each distinct set of episode values (on S47 rows, without
/// DateOfInitialCPC, and never shared with other rows' episodes), and each row's episode. A row
/// marked as continuing the row before's episode is not compared again. Used by both paths (the
/// clean path's decoder on the parsing thread, the general path on the builder's), each with its own.
struct FlatEpisodeFinder {
    private(set) var firstRows: [Int] = []
    private(set) var ofS47: [Bool] = []
    /// Each row's episode, from the group's first row.
    private(set) var rowEpisodes: [Int] = []

    mutating func find(_ b: FlatRowBatch.View, first: Int, count: Int, columns: FlatColumns) {
        firstRows.removeAll(keepingCapacity: true)
        ofS47.removeAll(keepingCapacity: true)
        rowEpisodes.removeAll(keepingCapacity: true)
        for r in first..<(first + count) {
            if b.continuesEpisode[r], let previous = rowEpisodes.last {
                rowEpisodes.append(previous)
                continue
            }
            let isS47 = b.types[r] == .section47
            let cols = isS47 ? columns.episodeOfS47Rows : columns.episode
            var found = -1
            for (e, er) in firstRows.enumerated() where ofS47[e] == isS47 && b.sameFields(er, r, cols) {
                found = e
                break
            }
            if found < 0 {
                found = firstRows.count
                firstRows.append(r)
                ofS47.append(isS47)
            }
            rowEpisodes.append(found)
        }
    }
}
