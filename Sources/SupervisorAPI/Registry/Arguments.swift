import XMLRPC

/// The positional parameters of one call, read the way Supervisor's Python code uses them: names must be strings,
/// integers may also come as numeric strings (`int(offset)`), flags follow Python truthiness (`if wait:`).
/// Anything else is INCORRECT_PARAMETERS, our documented improvement over Supervisor's HTTP 500.
struct Arguments: Sendable {
    let values: [XMLRPCValue]

    init(_ values: [XMLRPCValue]) {
        self.values = values
    }

    var count: Int { values.count }

    /// A text parameter (`<string>`, an untyped `<value>`, or `<base64>`, which Supervisor decodes to text).
    func string(_ index: Int) throws(APIError) -> String {
        switch values[index] {
        case .string(let text): return text
        case .base64(let bytes): return String(decoding: bytes, as: UTF8.self)
        default: throw .incorrectParameters(nil)
        }
    }

    /// An integer parameter, as Python's `int()` reads it: an int, a boolean, a double (truncated) or a decimal
    /// string with optional sign and surrounding whitespace.
    func int(_ index: Int) throws(APIError) -> Int {
        switch values[index] {
        case .int(let value): return value
        case .bool(let value): return value ? 1 : 0
        case .double(let value):
            guard value.isFinite, let truncated = Int(exactly: value.rounded(.towardZero)) else {
                throw .incorrectParameters(nil)
            }
            return truncated
        case .string(let text):
            guard let value = Self.pythonInt(text) else { throw .incorrectParameters(nil) }
            return value
        default:
            throw .incorrectParameters(nil)
        }
    }

    /// An optional flag (`wait=True`): Python truthiness of the value, `defaultValue` when absent.
    func flag(_ index: Int, default defaultValue: Bool) -> Bool {
        guard index < values.count else { return defaultValue }
        return switch values[index] {
        case .bool(let value): value
        case .int(let value): value != 0
        case .double(let value): value != 0
        case .string(let text): !text.isEmpty
        case .base64(let bytes): !bytes.isEmpty
        case .array(let items): !items.isEmpty
        case .struct(let members): !members.isEmpty
        case .dateTime: true
        case .nil: false
        }
    }

    /// The value as given.
    subscript(index: Int) -> XMLRPCValue { values[index] }

    /// Python's `int(text)` for plain decimal text: whitespace around, an optional sign, digits (underscores
    /// between digits allowed).
    static func pythonInt(_ text: String) -> Int? {
        var body = Substring(text)
        while let first = body.first, first.isWhitespace { body.removeFirst() }
        while let last = body.last, last.isWhitespace { body.removeLast() }
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body.removeFirst()
        }
        guard let first = body.first, first.isASCII, first.isNumber, body.last?.isNumber == true,
            !body.contains("__")
        else { return nil }
        let digits = body.filter { $0 != "_" }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let magnitude = Int(digits) else { return nil }
        return negative ? -magnitude : magnitude
    }
}
