/// One XML-RPC value, as carried in a `<value>` element.
///
/// Structs keep their members in insertion order, because Python's `xmlrpc.client.dumps` writes a dict's members in
/// its insertion order and the encoder must reproduce those bytes exactly.
///
/// Build values with the cases or with literals:
/// ```swift
/// let info: XMLRPCValue = ["name": "cat", "pid": 42, "running": true, "groups": ["a", "b"]]
/// ```
public enum XMLRPCValue: Sendable {
    /// `<int>`. Decoded from `<int>`, `<i4>` or `<i8>`; always encoded as `<int>`.
    ///
    /// - Important: Python's encoder refuses integers outside the 32-bit signed range (Supervisor answers HTTP 500
    ///   then). This encoder writes any `Int`; callers that must stay compatible clamp first with
    ///   ``clampedInt(_:)``, as Supervisor's `capped_int` does for timestamps.
    case int(Int)
    /// `<boolean>`: `1` is true. When decoding, any other text is false, as in Supervisor's request parser.
    case bool(Bool)
    /// `<string>`, or the text of an untyped `<value>`.
    case string(String)
    /// `<double>`, written as Python's `repr(float)` writes it.
    case double(Double)
    /// `<dateTime.iso8601>`, kept as its raw `YYYYMMDDTHH:MM:SS` text. ``XMLRPCDateTime`` converts it.
    case dateTime(String)
    /// `<base64>`: raw bytes.
    case base64([UInt8])
    /// `<array><data>…</data></array>`.
    case array([XMLRPCValue])
    /// `<struct>`: members in order. Decoding keeps the first position of a repeated name with its last value, as
    /// a Python dict does.
    case `struct`([(name: String, value: XMLRPCValue)])
    /// `<nil/>`. Python only writes it with `allow_none=True`; Supervisor itself never sends it.
    case `nil`
}

// MARK: - Accessors

extension XMLRPCValue {
    /// The integer, if this is `.int`.
    public var intValue: Int? {
        if case .int(let v) = self { return v }
        return nil
    }

    /// The boolean, if this is `.bool`.
    public var boolValue: Bool? {
        if case .bool(let v) = self { return v }
        return nil
    }

    /// The string, if this is `.string`.
    public var stringValue: String? {
        if case .string(let v) = self { return v }
        return nil
    }

    /// The double, if this is `.double`.
    public var doubleValue: Double? {
        if case .double(let v) = self { return v }
        return nil
    }

    /// The raw `YYYYMMDDTHH:MM:SS` text, if this is `.dateTime`.
    public var dateTimeText: String? {
        if case .dateTime(let v) = self { return v }
        return nil
    }

    /// The parsed date and time, if this is a well-formed `.dateTime`.
    public var dateTimeValue: XMLRPCDateTime? {
        if case .dateTime(let v) = self { return XMLRPCDateTime(iso8601: v) }
        return nil
    }

    /// The bytes, if this is `.base64`.
    public var base64Value: [UInt8]? {
        if case .base64(let v) = self { return v }
        return nil
    }

    /// The elements, if this is `.array`.
    public var arrayValue: [XMLRPCValue]? {
        if case .array(let v) = self { return v }
        return nil
    }

    /// The members in order, if this is `.struct`.
    public var structValue: [(name: String, value: XMLRPCValue)]? {
        if case .struct(let v) = self { return v }
        return nil
    }

    /// True for `.nil`.
    public var isNil: Bool {
        if case .nil = self { return true }
        return false
    }

    /// The value of the last member called `name`, if this is a `.struct` that has one; nil otherwise.
    public subscript(name: String) -> XMLRPCValue? {
        guard case .struct(let members) = self else { return nil }
        return members.last(where: { $0.name == name })?.value
    }

    /// An `.int` clamped to the 32-bit signed range Python's encoder accepts, like Supervisor's `capped_int`
    /// (`supervisor/xmlrpc.py`), which it applies to timestamps.
    public static func clampedInt(_ value: Int) -> XMLRPCValue {
        .int(min(max(value, Int(Int32.min)), Int(Int32.max)))
    }
}

// MARK: - Equatable

extension XMLRPCValue: Equatable {
    /// Structural equality. Struct members compare in order. Two NaN doubles are equal, so that a decoded value
    /// equals the value it was encoded from.
    public static func == (lhs: XMLRPCValue, rhs: XMLRPCValue) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.dateTime(let a), .dateTime(let b)): return a == b
        case (.base64(let a), .base64(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.struct(let a), .struct(let b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where x.name != y.name || x.value != y.value {
                return false
            }
            return true
        case (.nil, .nil): return true
        default: return false
        }
    }
}

// MARK: - Literals

extension XMLRPCValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension XMLRPCValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension XMLRPCValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension XMLRPCValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

/// Interpolated literals (`"pid \(pid)"`) build `.string` too.
extension XMLRPCValue: ExpressibleByStringInterpolation {}

extension XMLRPCValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: XMLRPCValue...) { self = .array(elements) }
}

extension XMLRPCValue: ExpressibleByDictionaryLiteral {
    /// A `.struct` with the members in the order written.
    public init(dictionaryLiteral elements: (String, XMLRPCValue)...) {
        self = .struct(elements.map { (name: $0.0, value: $0.1) })
    }
}

// MARK: - Description

extension XMLRPCValue: CustomStringConvertible {
    /// A compact, Python-like rendering for logs and test failures; not a wire format.
    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .bool(let v): return v ? "True" : "False"
        case .string(let v): return "'" + v + "'"
        case .double(let v): return PythonFloatRepr.string(v)
        case .dateTime(let v): return "<DateTime \(v)>"
        case .base64(let v): return "<base64 \(v.count) bytes>"
        case .array(let v): return "[" + v.map(\.description).joined(separator: ", ") + "]"
        case .struct(let v): return "{" + v.map { "'\($0.name)': \($0.value)" }.joined(separator: ", ") + "}"
        case .nil: return "None"
        }
    }
}
