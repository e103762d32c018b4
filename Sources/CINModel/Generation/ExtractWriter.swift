/// Writes a synthetic extract to disk as annual XML returns or one stacked flat CSV.
public enum ExtractWriter {
    public enum Format: String, Sendable { case xml, csv }

    /// Returns the paths written.
    public static func write(_ extract: SyntheticExtract, format: Format, directory: String, gzip: Bool,
                             baseName: String = "cin") throws(LoadError) -> [String] {
        let suffix = gzip ? ".gz" : ""
        switch format {
        case .xml:
            var paths: [String] = []
            for year in extract.years {
                let path = "\(directory)/\(baseName)-\(year).xml\(suffix)"
                let sink = try ByteSink(path: path, gzip: gzip)
                sink.write(XMLReturnWriter.header(year: year))
                for c in extract.children { if let r = extract.returnRecord(of: c, year: year) { sink.write(XMLReturnWriter.child(r)) } }
                sink.write(XMLReturnWriter.footer)
                try sink.close()
                paths.append(path)
            }
            return paths
        case .csv:
            let path = "\(directory)/\(baseName)-flat.csv\(suffix)"
            let sink = try ByteSink(path: path, gzip: gzip)
            sink.write(FlatFileWriter.header)
            var rows: [UInt8] = []
            rows.reserveCapacity(1 << 16)
            for year in extract.years {
                for c in extract.children {
                    guard let r = extract.returnRecord(of: c, year: year) else { continue }
                    rows.removeAll(keepingCapacity: true)
                    FlatFileWriter.appendRows(r, year: year, to: &rows)
                    sink.write(bytes: rows)
                }
            }
            try sink.close()
            return [path]
        }
    }
}
