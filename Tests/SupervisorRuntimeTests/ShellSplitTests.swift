import Testing

import SupervisorConfig
@testable import SupervisorRuntime

// The expected values below were produced by Python 3.11.7's own shlex.split
// and repr() (the interpreter Supervisor 4.3.0 runs on here), with:
//
//   import shlex
//   for c in CASES:
//       try:    print(c, shlex.split(c))
//       except ValueError as e:
//               print(c, str(e), "can't parse command %r: %s" % (c, str(e)))
//   for s in REPR_CASES: print(s, repr(s))
//
// (the script only added Swift string-literal escaping). Regenerate rather
// than edit by hand.

/// (command, argv or nil, ValueError text or nil, Supervisor's BadCommand message or nil)
let shlexTable: [(String, [String]?, String?, String?)] = [
    ("", [], nil, nil),
    ("   ", [], nil, nil),
    (" \t\r\n ", [], nil, nil),
    ("a", ["a"], nil, nil),
    ("a b  c", ["a", "b", "c"], nil, nil),
    ("  lead trail  ", ["lead", "trail"], nil, nil),
    ("a\tb\nc\rd", ["a", "b", "c", "d"], nil, nil),
    ("a\r\nb", ["a", "b"], nil, nil),
    ("'single quoted'", ["single quoted"], nil, nil),
    ("\"double quoted\"", ["double quoted"], nil, nil),
    ("a'b c'd", ["ab cd"], nil, nil),
    ("a\"b c\"d", ["ab cd"], nil, nil),
    ("''", [""], nil, nil),
    ("\"\"", [""], nil, nil),
    ("a '' b", ["a", "", "b"], nil, nil),
    ("a \"\" b", ["a", "", "b"], nil, nil),
    ("'' ''", ["", ""], nil, nil),
    ("'it''s'", ["its"], nil, nil),
    ("\"it's\"", ["it's"], nil, nil),
    ("'a\\b'", ["a\\b"], nil, nil),
    ("\"a\\b\"", ["a\\b"], nil, nil),
    ("\"a\\\\b\"", ["a\\b"], nil, nil),
    ("\"a\\\"b\"", ["a\"b"], nil, nil),
    ("'a\\'", ["a\\"], nil, nil),
    ("\"\\$HOME\"", ["\\$HOME"], nil, nil),
    ("\"\\`x\\`\"", ["\\`x\\`"], nil, nil),
    ("a\\ b", ["a b"], nil, nil),
    ("\\a\\b", ["ab"], nil, nil),
    ("a\\\\", ["a\\"], nil, nil),
    ("\\'", ["'"], nil, nil),
    ("\\\"", ["\""], nil, nil),
    ("a\\\nb", ["a\nb"], nil, nil),
    ("tab\\\tsep", ["tab\tsep"], nil, nil),
    ("a\\", nil, "No escaped character", "can't parse command 'a\\\\': No escaped character"),
    ("'abc", nil, "No closing quotation", "can't parse command \"'abc\": No closing quotation"),
    ("\"abc", nil, "No closing quotation", "can't parse command '\"abc': No closing quotation"),
    ("\"abc\\", nil, "No escaped character", "can't parse command '\"abc\\\\': No escaped character"),
    ("abc'", nil, "No closing quotation", "can't parse command \"abc'\": No closing quotation"),
    ("x \"y", nil, "No closing quotation", "can't parse command 'x \"y': No closing quotation"),
    ("'a\\'b'", nil, "No closing quotation", "can't parse command \"'a\\\\'b'\": No closing quotation"),
    ("\"a\\'b\"", ["a\\'b"], nil, nil),
    ("#comment", ["#comment"], nil, nil),
    ("a #b", ["a", "#b"], nil, nil),
    ("a#b", ["a#b"], nil, nil),
    ("'#'", ["#"], nil, nil),
    ("echo ${HOME} $PATH * ?", ["echo", "${HOME}", "$PATH", "*", "?"], nil, nil),
    ("a;b|c&d>e<f", ["a;b|c&d>e<f"], nil, nil),
    ("(sub) {x}", ["(sub)", "{x}"], nil, nil),
    ("\u{fc}ber stra\u{df}e", ["\u{fc}ber", "stra\u{df}e"], nil, nil),
    ("\u{65e5}\u{672c} \u{8a9e}", ["\u{65e5}\u{672c}", "\u{8a9e}"], nil, nil),
    ("e\u{301} x", ["e\u{301}", "x"], nil, nil),
    ("a\u{a0}b", ["a\u{a0}b"], nil, nil),
    ("x\"y'z\"w", ["xy'zw"], nil, nil),
    ("python -c \"print('hi')\"", ["python", "-c", "print('hi')"], nil, nil),
    ("sh -c 'echo hi; echo err >&2; exit 3'", ["sh", "-c", "echo hi; echo err >&2; exit 3"], nil, nil),
    ("/usr/bin/env FOO=bar  prog --flag='a b' \"c d\" e\\ f", ["/usr/bin/env", "FOO=bar", "prog", "--flag=a b", "c d", "e f"], nil, nil),
    ("cat \"it's\" 'say \"hi\"'", ["cat", "it's", "say \"hi\""], nil, nil),
    ("\"\\\\\"", ["\\"], nil, nil),
    ("'\\\\'", ["\\\\"], nil, nil),
    ("\"\\\n\"", ["\\\n"], nil, nil),
    ("a\"\"b", ["ab"], nil, nil),
    ("\"\"\"\"", [""], nil, nil),
]

/// (string, Python repr)
let pythonReprTable: [(String, String)] = [
    ("plain", "'plain'"),
    ("it's", "\"it's\""),
    ("say \"hi\"", "'say \"hi\"'"),
    ("both ' and \"", "'both \\' and \"'"),
    ("back\\slash", "'back\\\\slash'"),
    ("tab\tnl\ncr\r", "'tab\\tnl\\ncr\\r'"),
    ("\u{0}\u{1}\u{1f}\u{7f}", "'\\x00\\x01\\x1f\\x7f'"),
    ("\u{fc}ber", "'\u{fc}ber'"),
    ("\u{a0}nbsp", "'\\xa0nbsp'"),
    ("zero\u{200b}width", "'zero\\u200bwidth'"),
    ("emoji \u{1f600}", "'emoji \u{1f600}'"),
    ("\u{2028}ls", "'\\u2028ls'"),
    ("\u{d7ff}", "'\\ud7ff'"),
    ("\u{e0001}tag", "'\\U000e0001tag'"),
    ("", "''"),
    ("'", "\"'\""),
    ("\"", "'\"'"),
    ("\u{80}\u{ff}", "'\\x80\u{ff}'"),
]

@Suite struct ShellSplitTests {
    @Test(arguments: shlexTable.indices)
    func splitsLikePythonShlex(_ index: Int) throws {
        let (command, expected, detail, message) = shlexTable[index]
        if let expected {
            #expect(try ShellSplit.split(command) == expected, "command: \(PythonRepr.string(command))")
            #expect(try CommandResolver.split(command) == expected)
        } else {
            #expect(throws: (any Error).self) { try ShellSplit.split(command) }
            do {
                _ = try CommandResolver.split(command)
                Issue.record("expected a parse error for \(PythonRepr.string(command))")
            } catch {
                #expect(error.kind == .badCommand)
                #expect(error.message == message)
                #expect(error.message.hasSuffix(": " + detail!))
            }
        }
    }

    @Test(arguments: pythonReprTable.indices)
    func reprMatchesPython(_ index: Int) {
        let (text, expected) = pythonReprTable[index]
        #expect(PythonRepr.string(text) == expected)
    }
}
