// MARK: - Strings from untrusted bytes

extension XMLRPCValue {
    /// A `.string` made from bytes that may not be valid UTF-8, such as a slice of a child's log file.
    ///
    /// Each invalid UTF-8 sequence becomes one U+FFFD (the maximal-subpart rule, as Python's `errors='replace'`),
    /// and so does every character XML 1.0 cannot carry: C0 controls other than tab, LF and CR, U+FFFE and U+FFFF.
    /// This is our documented improvement over Supervisor (spec `improvements.md`, Supervisor issue #638), which
    /// answers HTTP 500 or sends a body its own client cannot parse. The caller keeps counting offsets in bytes of
    /// the file; only the answer is repaired.
    public static func string(lossyFromBytes bytes: some Collection<UInt8>) -> XMLRPCValue {
        .string(XMLCharacters.replacingForbidden(in: String(decoding: bytes, as: UTF8.self)))
    }
}
