extension String {
    /// Without leading and trailing spaces, tabs, CR and LF (the only white space the census files hold).
    /// Inlinable because the loaders, in another module, call it on nearly every field they read.
    @inlinable public var trimmingSpaces: String {
        // Fast path: nearly every value in a return has no surrounding white space. The first and last
        // bytes are read from the string's storage where it has one (every native String):
        // `UTF8View.last` is a generic walk that was 2% of an XML load's instructions.
        if let plain = utf8.withContiguousStorageIfAvailable({ b in !b.isEmpty && b[0] > 32 && b[b.count - 1] > 32 }) {
            if plain { return self }
        } else if let f = utf8.first, let l = utf8.last, f > 32, l > 32 {
            return self
        }
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" || f == "\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" { s = s.dropLast() }
        return String(s)
    }
}
