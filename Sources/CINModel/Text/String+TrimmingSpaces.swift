extension String {
    /// Without leading and trailing spaces, tabs, CR and LF (the only white space the census files hold).
    /// Inlinable because the loaders, in another module, call it on nearly every field they read.
    @inlinable public var trimmingSpaces: String {
        // Fast path: nearly every value in a return has no surrounding white space.
        if let f = utf8.first, let l = utf8.last, f > 32, l > 32 { return self }
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" || f == "\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" { s = s.dropLast() }
        return String(s)
    }
}
