import Testing
@testable import XMLRPC

@Suite struct PythonFloatReprTests {
    /// `Fixtures/doubles.txt`: 3000 doubles as a bit pattern and Python's `repr()`.
    static let cases: [(bits: UInt64, repr: String)] = Fixture.text("doubles.txt").split(separator: "\n").map { line in
        let parts = line.split(separator: " ")
        return (UInt64(parts[0], radix: 16)!, String(parts[1]))
    }

    @Test func formatsEveryDoubleAsPythonsRepr() {
        #expect(Self.cases.count == 3000)
        var mismatches: [String] = []
        for (bits, repr) in Self.cases {
            let formatted = PythonFloatRepr.string(Double(bitPattern: bits))
            if formatted != repr { mismatches.append("\(repr) formatted as \(formatted)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test func parsesEveryPythonReprBackToTheSameBits() throws {
        for (bits, repr) in Self.cases {
            let value = try decodedValue("<value><double>\(repr)</double></value>")
            #expect(value.doubleValue?.bitPattern == bits, "\(repr)")
        }
    }

    @Test(arguments: [
        (0.0, "0.0"), (-0.0, "-0.0"), (1.0, "1.0"), (100.0, "100.0"), (0.1, "0.1"), (1e16, "1e+16"),
        (1e15, "1000000000000000.0"), (1e-4, "0.0001"), (1e-5, "1e-05"), (1.5e-7, "1.5e-07"), (Double.leastNonzeroMagnitude, "5e-324"),
        (-1.25e300, "-1.25e+300"), (Double.infinity, "inf"), (-Double.infinity, "-inf"), (Double.nan, "nan"),
    ])
    func formatsLandmarks(value: Double, repr: String) {
        #expect(PythonFloatRepr.string(value) == repr)
    }
}
