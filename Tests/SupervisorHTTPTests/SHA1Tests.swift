import Testing

@testable import SupervisorHTTP

/// Vectors from Python's `hashlib.sha1(...).hexdigest()` (Python 3.11).
@Suite struct SHA1Tests {
    @Test(arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("test", "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"),
        (String(repeating: "a", count: 55), "c1c8bbdc22796e28c0e15163d20899b65621d65a"),
        (String(repeating: "a", count: 56), "c2db330f6083854c99d4b5bfb6e8f29f201be699"),
        (String(repeating: "a", count: 64), "0098ba824b5c16427bd7a1122a5a442a25ec644d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        ("pässwörd", "f517ddf1d32a112ff1ad55c66d1b12cb38e7e8f7"),
        (String(repeating: "a", count: 1000), "291e9a6c66994949b57ba5e650361e98fc36b1ba"),
    ])
    func hexDigestMatchesHashlib(input: String, expected: String) {
        #expect(SHA1.hexDigest(input) == expected)
    }
}
