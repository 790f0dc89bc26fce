import Platform

/// The compiled regexes of a program's constant patterns, by pattern index (`Pattern.index`, which numbers
/// the patterns of a file from 0).
///
/// An array, not a dictionary: a `[Int: Regex]` costs a run-time lookup of `Int: Hashable` on first use, more
/// than compiling a pattern.
package struct CompiledPatterns {
    private var regexes: [Regex?] = []

    package subscript(index: Int) -> Regex? {
        get { index < regexes.count ? regexes[index] : nil }
        set {
            if index >= regexes.count { regexes += repeatElement(nil, count: index + 1 - regexes.count) }
            regexes[index] = newValue
        }
    }
}
