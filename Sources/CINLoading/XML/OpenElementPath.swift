/// The XML handler's open elements, innermost last: each one's kind and its name as a note would give
/// it (an interned id, or below zero a place in the handler's list of names not interned). Fixed raw
/// storage, as the tokenizer's own stack: two arrays appended and shortened per element (a uniqueness
/// check each time) were over a quarter of the handler's instructions.
///
/// The tokenizer refuses nesting deeper than `XMLTokenizer.maxDepth` before it reports the element, so
/// the capacity is never reached; an element past it would be kept as `.other`, not written.
final class OpenElementPath {
    static let capacity = XMLTokenizer.maxDepth + 1
    private let kinds: UnsafeMutablePointer<CINElement>
    private let names: UnsafeMutablePointer<Int>
    private(set) var count = 0

    init() {
        kinds = .allocate(capacity: OpenElementPath.capacity)
        names = .allocate(capacity: OpenElementPath.capacity)
    }

    deinit {
        kinds.deallocate()
        names.deallocate()
    }

    @inline(__always)
    func append(_ kind: CINElement, name: Int) {
        if count < OpenElementPath.capacity {
            kinds[count] = kind
            names[count] = name
        }
        count += 1
    }

    /// Closes the innermost element; its name entry.
    @inline(__always)
    func removeLast() -> Int {
        guard count > 0 else { return 0 }
        count -= 1
        return count < OpenElementPath.capacity ? names[count] : 0
    }

    /// The kind `back` places from the innermost (0: the innermost itself); `.other` outside the path.
    @inline(__always)
    func kind(_ back: Int) -> CINElement {
        let i = count - 1 - back
        return i >= 0 && i < OpenElementPath.capacity ? kinds[i] : .other
    }

    /// The name entry `back` places from the innermost; nil outside the path.
    func name(_ back: Int) -> Int? {
        let i = count - 1 - back
        return i >= 0 && i < OpenElementPath.capacity ? names[i] : nil
    }
}
