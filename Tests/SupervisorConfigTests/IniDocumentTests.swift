import SupervisorConfig
import Testing

@Suite struct IniDocumentTests {
    func doc(_ text: String) throws -> IniDocument {
        var d = IniDocument()
        try d.read(text: text, file: "/x.conf")
        return d
    }

    func value(_ text: String, _ section: String = "s", _ key: String = "k") throws -> String? {
        try doc(text).value(section, key)?.text
    }

    @Test func keysAreLowerCasedAndSectionsAreCaseSensitive() throws {
        let d = try doc("[program:X]\nCommand = a\n[program:x]\ncommand=b\n")
        #expect(d.value("program:X", "command")?.text == "a")
        #expect(d.value("program:x", "command")?.text == "b")
        #expect(d.sections == ["program:X", "program:x"])
    }

    @Test func colonIsADelimiterToo() throws {
        #expect(try value("[s]\nk: v=w\n") == "v=w")
        #expect(try value("[s]\nk = a:b\n") == "a:b")
    }

    @Test(arguments: [
        ("k=b ;c", "b"),
        ("k=b;c", "b;c"),
        ("k=b #c", "b"),
        ("k=sh -c 'x ; y'", "sh -c 'x"),
        ("k=x;y ;z #w", "x;y ;z"),  // Python's round-based search: the first round that finds a comment decides
        ("k=a#b", "a#b"),
        ("k=\ta\t", "a"),
        ("k=", ""),
    ])
    func inlineComments(line: String, expected: String) throws {
        #expect(try value("[s]\n\(line)\n") == expected)
    }

    @Test func fullLineCommentsAndBlankLines() throws {
        let d = try doc("; comment\n# comment\n[s]\n  ; indented comment\nk=v\n\n")
        #expect(d.value("s", "k")?.text == "v")
    }

    @Test func continuationLinesJoinWithNewlines() throws {
        #expect(try value("[s]\nk=/bin/echo a\n  more\n\tand more\n") == "/bin/echo a\nmore\nand more")
    }

    @Test func blankLinesInsideAValueAreKeptButTrailingOnesDropped() throws {
        #expect(try value("[s]\nk=a\n\n  b\n\n\n[t]\n") == "a\n\nb")
    }

    @Test func commentLinesInsideAValueAreSkipped() throws {
        #expect(try value("[s]\nk=a\n  # note\n  b\n") == "a\nb")
    }

    @Test func lastDuplicateKeyWinsAndSectionsMerge() throws {
        let d = try doc("[s]\nk=1\nk=2\n[t]\nx=1\n[s]\nj=3\n")
        #expect(d.value("s", "k")?.text == "2")
        #expect(d.value("s", "k")?.location.line == 3)
        #expect(d.value("s", "j")?.text == "3")
    }

    @Test func defaultSectionIsAFallbackForEverySection() throws {
        let d = try doc("[DEFAULT]\nstartsecs=7\n[program:a]\ncommand=x\n[program:b]\nstartsecs=2\n")
        #expect(d.value("program:a", "startsecs")?.text == "7")
        #expect(d.value("program:b", "startsecs")?.text == "2")
        #expect(!d.hasSection("DEFAULT"))
        #expect(d.keys("program:a") == ["command", "startsecs"])
    }

    @Test func crlfAndByteOrderMarkAreAccepted() throws {
        #expect(try value("\u{FEFF}[s]\r\nk=v\r\n") == "v")
        #expect(try value("[s]\rk=v\r") == "v")
    }

    @Test func headerIsEverythingBetweenTheFirstBracketAndTheLast() throws {
        let d = try doc("[a]b]\nk=v\n[ sp ]\nk=w\n")
        #expect(d.value("a]b", "k")?.text == "v")
        #expect(d.value(" sp ", "k")?.text == "w")
    }

    @Test func optionBeforeAnySectionIsAnError() {
        #expect {
            try doc("k=v\n[s]\n")
        } throws: { error in
            let e = error as! ConfigError
            return e.message == "File contains no section headers.\nfile: '/x.conf', line: 1\n'k=v\\n'"
                && e.location == SourceLocation(file: "/x.conf", line: 1)
        }
    }

    @Test func linesWithoutADelimiterAreCollectedIntoOneParsingError() {
        #expect {
            try doc("[s]\nnonsense\nk=v\n=x\n[]\n")
        } throws: { error in
            let e = error as! ConfigError
            return e.message
                == "Source contains parsing errors: '/x.conf'\n\t[line  2]: 'nonsense\\n'\n\t[line  4]: '=x\\n'\n\t[line  5]: '[]\\n'"
                && e.location?.line == 2
        }
    }

    @Test func valuesRememberTheirLine() throws {
        let d = try doc("[s]\n\nk=1\n  two\nj=2\n")
        #expect(d.value("s", "k")?.location.line == 3)
        #expect(d.value("s", "j")?.location.line == 5)
        #expect(d.sectionLocations["s"]?.line == 1)
    }
}
