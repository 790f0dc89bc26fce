/// The lines of a message grouped by their first byte, so a pattern with a literal prefix (`/^Subject:/`)
/// is tried only on the lines that can match: one pass over the lines per message instead of one per rule.
///
/// ASCII letters are grouped without case (the prefix check folds them); every line that starts with a
/// non-ASCII byte is a candidate for every prefix, because caseless UTF-8 matching can pair an ASCII
/// letter with another character (`k` and the Kelvin sign). Empty lines match no prefix.
struct LineIndex {
    /// Line numbers (in order) by folded first byte (an array of 128, not a dictionary: see
    /// `CompiledPatterns`); `nonASCII` for lines starting at 0x80 or above.
    private var groups = [[Int]](repeating: [], count: 128)
    private var nonASCII: [Int] = []

    init(_ lines: [String]) {
        for (number, line) in lines.enumerated() {
            guard let first = line.utf8.first else { continue }
            if first >= 0x80 {
                nonASCII.append(number)
            } else {
                groups[Int(LineIndex.fold(first))].append(number)
            }
        }
    }

    /// The numbers of the lines that may start with `byte`, in line order.
    func candidates(startingWith byte: UInt8) -> [Int] {
        let same = byte < 0x80 ? groups[Int(LineIndex.fold(byte))] : []
        guard !nonASCII.isEmpty else { return same }
        var merged: [Int] = []
        merged.reserveCapacity(same.count + nonASCII.count)
        var i = 0
        var j = 0
        while i < same.count || j < nonASCII.count {
            if j == nonASCII.count || (i < same.count && same[i] < nonASCII[j]) {
                merged.append(same[i])
                i += 1
            } else {
                merged.append(nonASCII[j])
                j += 1
            }
        }
        return merged
    }

    private static func fold(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }
}
