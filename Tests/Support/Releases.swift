// Release directories written by hand, for the audit's tests (unit and end to end).

/// A hand-written release.json of the age table listing these cohorts (id, rule), unfiltered.
public func handWrittenManifest(_ cohorts: [(String, String)]) -> String {
    let list = cohorts.map { #"    { "id" : "\#($0.0)", "label" : "\#($0.0)", "rule" : "\#($0.1)" }"# }.joined(separator: ",\n")
    return """
    {
      "generator" : "cinx", "version" : "0.5.0", "definitions" : "cinx-definitions-1", "commandLine" : ["cinx"],
      "year" : 2017, "followUpYears" : 2, "needEpisode" : "first", "tables" : ["age"],
      "cohorts" : [
    \(list)
      ],
      "filter" : { "require" : [], "exclude" : [], "inCohort" : [], "where" : [] },
      "suppression" : { "threshold" : 5, "protection" : 5, "hiddenMinimum" : 1 },
      "written" : "2026-01-01T00:00:00Z", "inputs" : []
    }
    """
}
