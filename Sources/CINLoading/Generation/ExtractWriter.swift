import CINModel

/// Writes a synthetic extract to disk as annual XML returns or one stacked flat CSV.
public enum ExtractWriter {
    public enum Format: String, Sendable { case xml, csv }

    /// Returns the paths written.
    public static func write(_ extract: SyntheticExtract, format: Format, directory: String, gzip: Bool,
                             baseName: String = "cin") throws(LoadError) -> [String] {
        try write(pooled: [extract], format: format, directory: directory, gzip: gzip, baseName: baseName)
    }

    /// The paths `write` writes, in its order, without writing (the CLI refuses to overwrite them without --force).
    public static func paths(pooled extracts: [SyntheticExtract], format: Format, directory: String, gzip: Bool,
                             baseName: String = "cin") -> [String] {
        switch format {
        case .xml:
            return extracts.flatMap { extract in
                extract.years.map { xmlPath(extract, pooled: extracts.count, directory: directory, gzip: gzip, baseName: baseName, year: $0) }
            }
        case .csv:
            return [csvPath(directory: directory, gzip: gzip, baseName: baseName)]
        }
    }

    /// `cin-2017.xml`, or `cin-991-2017.xml` when several authorities each have their own returns.
    static func xmlPath(_ extract: SyntheticExtract, pooled: Int, directory: String, gzip: Bool, baseName: String, year: Int) -> String {
        let stem = pooled > 1 ? "\(baseName)-\(extract.authority.code)" : baseName
        return "\(directory)/\(stem)-\(year).xml\(gzip ? ".gz" : "")"
    }

    static func csvPath(directory: String, gzip: Bool, baseName: String) -> String {
        "\(directory)/\(baseName)-flat.csv\(gzip ? ".gz" : "")"
    }

    /// Several authorities' extracts: in XML each authority has its own returns, named by its code
    /// (`cin-991-2017.xml`) when there is more than one, so that files never mix authorities; as CSV one
    /// pooled flat file with each row's authority name in `LA`, as liiatools' `la-agg` writes it.
    public static func write(pooled extracts: [SyntheticExtract], format: Format, directory: String, gzip: Bool,
                             baseName: String = "cin") throws(LoadError) -> [String] {
        switch format {
        case .xml:
            var paths: [String] = []
            for extract in extracts {
                for year in extract.years {
                    let path = xmlPath(extract, pooled: extracts.count, directory: directory, gzip: gzip, baseName: baseName, year: year)
                    let sink = try ByteSink(path: path, gzip: gzip)
                    sink.write(XMLReturnWriter.header(year: year, lea: extract.authority.code))
                    for c in extract.children {
                        if let r = extract.returnRecord(of: c, year: year) { sink.write(XMLReturnWriter.child(r, year: year)) }
                    }
                    sink.write(XMLReturnWriter.footer)
                    try sink.close()
                    paths.append(path)
                }
            }
            return paths
        case .csv:
            let path = csvPath(directory: directory, gzip: gzip, baseName: baseName)
            let sink = try ByteSink(path: path, gzip: gzip)
            sink.write(FlatFileWriter.header)
            var rows: [UInt8] = []
            rows.reserveCapacity(1 << 16)
            for extract in extracts {
                for year in extract.years {
                    for c in extract.children {
                        guard let r = extract.returnRecord(of: c, year: year) else { continue }
                        rows.removeAll(keepingCapacity: true)
                        FlatFileWriter.appendRows(r, year: year, la: extract.authority.name, to: &rows)
                        sink.write(bytes: rows)
                    }
                }
            }
            try sink.close()
            return [path]
        }
    }
}
