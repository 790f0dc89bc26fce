import Platform

/// Reads a template's source once, when the rules are compiled, into literal text and checked placeholders.
///
///     template    := ( '%%' | placeholder | any byte )*
///     placeholder := '%' name ( ';' modifier )* '%'
///     name        := built-in | [A-Za-z_] [A-Za-z0-9_]*
///     modifier    := word | word '=' text          (text: anything but ';' and '%')
///
/// A `%` that does not begin a placeholder is literal, so a URL the admin already percent-encoded works
/// as written: `%` must be followed by a name and then `%` or `;`, and a name of exactly two hexadecimal
/// digits (`%2F%`, `%C3%`) is a percent-encoded byte, never a variable. A longer rule-variable name that
/// begins with two hexadecimal digits (`%A9t%` in `%C3%A9t%C3%A9`) could be either and is an error. Once
/// a name is followed by `;`, what comes is a placeholder, so a missing `%` or a misspelt modifier is an
/// error rather than text sent to a gateway. Only the first error is reported.
struct TemplateParser {
    private let source: [UInt8]
    private let context: TemplateContext
    private var position = 0
    private var segments: [Template.Segment] = []
    /// Literal bytes not yet made a segment.
    private var literal: [UInt8] = []
    private var placeholderCount = 0

    private static let percent: UInt8 = 0x25, semicolon: UInt8 = 0x3B, equals: UInt8 = 0x3D, hyphen: UInt8 = 0x2D

    static func parse(_ source: String, context: TemplateContext) throws(TemplateError) -> [Template.Segment] {
        var parser = TemplateParser(source: Array(source.utf8), context: context)
        try parser.parseTemplate()
        return parser.segments
    }

    private init(source: [UInt8], context: TemplateContext) {
        self.source = source
        self.context = context
    }

    // MARK: - Byte vocabulary

    private func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < source.count ? source[position + offset] : nil
    }

    private func at(_ byte: UInt8, _ offset: Int = 0) -> Bool { peek(offset) == byte }

    // MARK: - Productions

    /// `template := ( '%%' | placeholder | any byte )*`.
    ///
    /// Every turn of the loop consumes at least one byte.
    private mutating func parseTemplate() throws(TemplateError) {
        guard source.count <= Template.maximumLength else {
            throw TemplateError("template is longer than \(Template.maximumLength) bytes", at: Template.maximumLength)
        }
        while let byte = peek() {
            let start = position
            if byte != TemplateParser.percent {
                literal.append(byte)
                position += 1
            } else if at(TemplateParser.percent, 1) {
                literal.append(TemplateParser.percent)
                position += 2
            } else if let placeholder = try parsePlaceholder() {
                placeholderCount += 1
                if placeholderCount > Template.maximumPlaceholders {
                    throw TemplateError(
                        "more than \(Template.maximumPlaceholders) placeholders in one template",
                        at: start)
                }
                flushLiteral()
                segments.append(.placeholder(placeholder))
            } else {
                literal.append(byte)
                position += 1
            }
        }
        flushLiteral()
    }

    private mutating func flushLiteral() {
        guard !literal.isEmpty else { return }
        segments.append(.literal(String(decoding: literal, as: UTF8.self)))
        literal.removeAll()
    }

    /// `placeholder := '%' name ( ';' modifier )* '%'`, at a `%`: the placeholder, with the position after
    /// its closing `%`; or nil, position unchanged, when the `%` is literal text.
    private mutating func parsePlaceholder() throws(TemplateError) -> TemplatePlaceholder? {
        let start = position
        var end = start + 1
        while end < source.count, TemplateParser.isNameByte(source[end]) || source[end] == TemplateParser.hyphen {
            end += 1
        }
        guard end < source.count, source[end] == TemplateParser.percent || source[end] == TemplateParser.semicolon
        else { return nil }
        let name = String(decoding: source[(start + 1)..<end], as: UTF8.self)
        let close = source[end...].firstIndex(of: TemplateParser.percent)
        let written = quote(start..<(close.map { $0 + 1 } ?? source.count))
        guard let variable = try TemplateParser.variable(named: name, at: start, written: written) else { return nil }
        guard let close else { throw TemplateError("expected '%' to end placeholder \(written)", at: start) }

        position = end
        let modifiers = try parseModifiers(written: written)
        position = close + 1
        return TemplatePlaceholder(
            variable: variable, transforms: modifiers.transforms,
            conditions: modifiers.conditions, suffix: modifiers.suffix)
    }

    /// `( ';' modifier )*`, after a placeholder's name: its modifiers sorted into the transforms in order,
    /// the conditions, and the `value=` texts joined.
    ///
    /// Checks that the order makes sense: a transform after `value=` would not apply to its text, and the
    /// placeholder must not end in bytes its context cannot hold.
    private mutating func parseModifiers(written: String) throws(TemplateError)
        -> (transforms: [TemplateModifier], conditions: [TemplateModifier], suffix: String)
    {
        var transforms: [TemplateModifier] = []
        var conditions: [TemplateModifier] = []
        var suffix = ""
        var modifierCount = 0
        // Whether a `value=` was seen, and the `charset=` (as written, and where) that left bytes.
        var valueSeen = false
        var charset: (text: String, offset: Int)?
        while at(TemplateParser.semicolon) {
            position += 1
            let modifierStart = position
            while let byte = peek(), byte != TemplateParser.semicolon, byte != TemplateParser.percent { position += 1 }
            modifierCount += 1
            if modifierCount > Template.maximumModifiers {
                throw TemplateError("more than \(Template.maximumModifiers) modifiers in \(written)", at: modifierStart)
            }
            let (modifier, argumentOffset) = try parseModifier(modifierStart..<position, written: written)
            let modifierText = quote(modifierStart..<position, marks: false)
            if modifier.isCondition {
                conditions.append(modifier)
                continue
            }
            if case .value(let added) = modifier {
                suffix += added
                valueSeen = true
                continue
            }
            if valueSeen {
                throw TemplateError(
                    "'\(modifierText)' must come before 'value=' in \(written): 'value=' text is added "
                        + "after the value as written", at: modifierStart)
            }
            try TemplateParser.checkTransform(
                modifier, text: modifierText, at: modifierStart,
                argumentOffset: argumentOffset, written: written, charset: &charset)
            transforms.append(modifier)
        }
        if let charset, !context.holdsBytes {
            throw TemplateError(
                "'\(charset.text)' in \(written) leaves bytes that a \(context) template cannot "
                    + "hold: add 'hex' or 'b64' after it", at: charset.offset)
        }
        return (transforms, conditions, suffix)
    }

    /// Checks one transform against those before it, and its argument: nothing that needs text may follow a
    /// `charset=` that left bytes (until `hex`, `b64` or `len` makes text of them again), `charset=` must
    /// name a charset iconv knows, `interprefix=` must be digits.
    ///
    /// `charset` is the `charset=` still in force.
    private static func checkTransform(
        _ modifier: TemplateModifier, text: String, at offset: Int,
        argumentOffset: Int, written: String,
        charset: inout (text: String, offset: Int)?
    ) throws(TemplateError) {
        if let charset, modifier.needsText {
            throw TemplateError(
                "'\(text)' cannot follow '\(charset.text)' in \(written): it needs text, "
                    + "and 'charset=' leaves bytes", at: offset)
        }
        switch modifier {
        case .charset(let name):
            try checkCharset(name, at: argumentOffset, written: written)
            charset = (text, offset)
        case .interprefix(let digits):
            if let bad = Array(digits.utf8).firstIndex(where: { !ASCII.isDigit($0) }) {
                throw TemplateError(
                    "'interprefix=' needs digits, found '\(digits)' in \(written)",
                    at: argumentOffset + bad)
            }
        case .hex, .base64, .length:
            charset = nil
        default:
            break
        }
    }

    /// `name := built-in | [A-Za-z_] [A-Za-z0-9_]*`: the variable `name` stands for, nil when the `%`
    /// before it is literal (no name, not an identifier, or a percent-encoded byte like `%2F%`).
    ///
    /// A rule variable whose name begins with two hexadecimal digits (`%A9t%`, `%DEADLINE%`) is an error:
    /// in `%C3%A9t%C3%A9` (the encoded `été`) it is text, in `%DEADLINE%` a variable, and guessing wrong
    /// either way sends something else than the admin meant without a word.
    private static func variable(named name: String, at offset: Int, written: String) throws(TemplateError)
        -> TemplateVariable?
    {
        if let builtIn = TemplateVariable.builtIns[name] { return builtIn }
        let bytes = Array(name.utf8)
        guard let first = bytes.first, !ASCII.isDigit(first), bytes.allSatisfy(isNameByte) else { return nil }
        let hexPrefix = bytes.count >= 2 && ASCII.hexValue(bytes[0]) != nil && ASCII.hexValue(bytes[1]) != nil
        if hexPrefix && bytes.count == 2 { return nil }
        if hexPrefix {
            let byte = String(name.prefix(2))
            throw TemplateError(
                "ambiguous \(written): '%\(byte)' reads as a percent-encoded byte and '\(name)' as a "
                    + "variable; write '%%\(byte)' for the byte, or use a variable whose name does not "
                    + "begin with two hexadecimal digits", at: offset)
        }
        return .rule(name)
    }

    /// `modifier := word | word '=' text`, over `range`: the modifier and the offset of its argument.
    private func parseModifier(_ range: Range<Int>, written: String) throws(TemplateError)
        -> (TemplateModifier, argumentOffset: Int)
    {
        let bytes = source[range]
        let equals = bytes.firstIndex(of: TemplateParser.equals)
        let word = String(decoding: bytes[..<(equals ?? range.upperBound)], as: UTF8.self)
        let argumentOffset = equals.map { $0 + 1 } ?? range.upperBound
        let argument = String(decoding: source[argumentOffset..<range.upperBound], as: UTF8.self)
        guard !bytes.isEmpty else {
            throw TemplateError("expected a modifier after ';' in \(written)", at: range.lowerBound)
        }
        guard let modifier = TemplateModifier(word: word, argument: argument) else {
            throw TemplateError(
                "unknown modifier \(quote(range)) in \(written) (known: "
                    + TemplateModifier.spellings.joined(separator: ", ") + ")", at: range.lowerBound)
        }
        if modifier.takesArgument, equals == nil {
            throw TemplateError(
                "'\(word)' needs '=' and \(TemplateParser.argumentExample(modifier)) in \(written)",
                at: range.upperBound)
        }
        if !modifier.takesArgument, let equals {
            throw TemplateError(
                "'\(word)' takes no argument, found \(quote(range)) "
                    + "in \(written)", at: equals)
        }
        if case .charset = modifier, argument.isEmpty {
            throw TemplateError(
                "'charset=' needs a charset name, e.g. 'charset=ISO-8859-2', in \(written)",
                at: argumentOffset)
        }
        return (modifier, argumentOffset)
    }

    /// What a modifier with an argument expects, for the error when `=` is missing.
    private static func argumentExample(_ modifier: TemplateModifier) -> String {
        switch modifier {
        case .value: "the text to add, e.g. 'value=&unicode=1',"
        case .charset: "a charset name, e.g. 'charset=ISO-8859-2',"
        default: "the digits that replace a leading '+', e.g. 'interprefix=00',"
        }
    }

    /// Refuses a charset iconv does not know, now rather than on the first SMS.
    private static func checkCharset(_ name: String, at offset: Int, written: String) throws(TemplateError) {
        guard Charset.encode("", to: name) == nil else { return }
        throw TemplateError("unknown charset '\(name)' in \(written) (iconv does not know it)", at: offset)
    }

    /// `A-Z a-z 0-9 _`, the bytes of a rule variable's name.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        ASCII.isLetter(byte) || ASCII.isDigit(byte) || byte == 0x5F
    }

    /// The source over `range` in quotes for a message, cut short when long.
    private func quote(_ range: Range<Int>, marks: Bool = true) -> String {
        let limit = 40
        let bytes = source[range]
        var text = String(decoding: bytes.prefix(limit), as: UTF8.self)
        if bytes.count > limit { text += "…" }
        return marks ? "'\(text)'" : text
    }
}
