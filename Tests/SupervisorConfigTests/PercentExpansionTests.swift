@testable import SupervisorConfig
import Testing

@Suite struct PercentExpansionTests {
    let names: [String: ExpansionValue] = ["n": 7, "s": "str", "a": "A", "program_name": "web", "process_num": 3]

    // Expected values produced by Python 3.11's `str % mapping` through supervisor.options.expand.
    @Test(arguments: [
        ("%(a)s", "A"),
        ("%(n)d", "7"),
        ("%(n)05.2f", "07.00"),
        ("%(n)x", "7"),
        ("%(n)r %(s)r", "7 'str'"),
        ("%(s)10s|%(s)-4s|", "       str|str |"),
        ("%(n)+d %(n) d %(n)#o %(n)#x", "+7  7 0o7 0x7"),
        ("%(s).1s", "s"),
        ("%%(a)s", "%(a)s"),
        ("%(program_name)s_%(process_num)02d", "web_03"),
        ("50%%", "50%"),
        ("no percent", "no percent"),
        ("%(n)e %(n)g", "7.000000e+00 7"),
        ("%(n)-4d|", "7   |"),
        ("%(n)010000d", String(repeating: "0", count: 9999) + "7"),
    ])
    func expandsLikePython(template: String, expected: String) throws {
        #expect(try PercentExpansion.expand(template, names, name: "sec.opt") == expected)
    }

    @Test(arguments: [
        ("50%", "incomplete format"),
        ("abc%", "incomplete format"),
        ("%(a)", "incomplete format"),
        ("%(a)q", "unsupported format character 'q' (0x71) at index 4"),
        ("%(s)d", "%d format: a real number is required, not str"),
        ("%(s)x", "%x format: an integer is required, not str"),
        ("%(s)c", "%c requires int or char"),
        ("%(s)*d", "* wants int"),
        ("%(a%", "incomplete format key"),
        ("%(", "incomplete format key"),
        // Python says these only past Int.max (the first used to overflow here); we stop at 10000, before the
        // padding fills memory.
        ("%(a)444444444444444444444444444444s", "width too big"),
        ("%(process_num)010001d", "width too big"),
        ("%(a).99999999999999999999999s", "precision too big"),
        ("%(n).10001d", "precision too big"),
    ])
    func badFormatsFailWithPythonsDetail(template: String, detail: String) {
        #expect {
            try PercentExpansion.expand(template, names, name: "sec.opt")
        } throws: { error in
            (error as! ConfigError).message
                == "Format string \(PythonText.repr(template)) for 'sec.opt' is badly formatted: \(detail)"
        }
    }

    @Test func unknownNameListsTheAvailableOnes() {
        #expect {
            try PercentExpansion.expand("%(nope)s", ["b": "1", "a": "2"], name: "program:x.command")
        } throws: { error in
            (error as! ConfigError).message
                == "Format string '%(nope)s' for 'program:x.command' contains names ('nope') which cannot be "
                + "expanded. Available names: a, b"
        }
    }

    @Test func anUnnamedConversionIsAnErrorNotTheMappingsText() {
        #expect(throws: ConfigError.self) { try PercentExpansion.expand("date +%s", names, name: "x") }
    }
}
