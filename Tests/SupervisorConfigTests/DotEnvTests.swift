import SupervisorConfig
import Testing

/// The dotenv grammar of `environment_file=`.
@Suite struct DotEnvTests {
    static func parse(_ text: String) throws -> [String] {
        try DotEnv.parse(text).map { "\($0.key)=\($0.value)" }
    }

    static func failure(_ text: String) -> DotEnv.Failure? {
        do {
            _ = try DotEnv.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func plainAssignmentsWithSpacesAroundTheEqualsSign() throws {
        #expect(try Self.parse("A=1\nB = two\n  C\t=\tthree  \nD=\n") == ["A=1", "B=two", "C=three", "D="])
        #expect(try Self.parse("A=1") == ["A=1"])
        #expect(try Self.parse("URL=postgres://u:p@h/db?x=y") == ["URL=postgres://u:p@h/db?x=y"])
        #expect(try Self.parse("A=b c  d") == ["A=b c  d"])
    }

    @Test func export() throws {
        #expect(try Self.parse("export A=1\nexport\tB = 2\nexported=3\n") == ["A=1", "B=2", "exported=3"])
    }

    @Test func singleQuotesAreLiteral() throws {
        #expect(try Self.parse(#"A='x "y" \n $HOME # not a comment'"#) == [#"A=x "y" \n $HOME # not a comment"#])
        #expect(try Self.parse("A='line one\nline two'\nB=2") == ["A=line one\nline two", "B=2"])
        #expect(try Self.parse("A=''") == ["A="])
    }

    @Test func doubleQuotesHaveThreeEscapesAndSpanLines() throws {
        #expect(try Self.parse(#"A="say \"hi\"\\ and\nbye""#) == ["A=say \"hi\"\\ and\nbye"])
        #expect(try Self.parse("A=\"first\nsecond\"\nB=after") == ["A=first\nsecond", "B=after"])
        #expect(try Self.parse(#"A="\t\$x""#) == [#"A=\t\$x"#])
        #expect(try Self.parse(##"A="# inside""##) == ["A=# inside"])
        #expect(try Self.parse(#"A="""#) == ["A="])
    }

    @Test func commentsOnTheirOwnLineOrAfterWhitespace() throws {
        #expect(try Self.parse("""
            # a comment
              # indented comment
            A=1 # trailing
            B=x#not-a-comment
            C='q' # after a quote
            D="q"\t# after a quote
            E= # only a comment
            """) == ["A=1", "B=x#not-a-comment", "C=q", "D=q", "E="])
    }

    @Test func blankLinesAndCRLF() throws {
        #expect(try Self.parse("\n\n  \nA=1\r\n\r\nB=\"x\"\r\nC='y'\r\n") == ["A=1", "B=x", "C=y"])
    }

    @Test func noExpansion() throws {
        #expect(try Self.parse("A=${HOME}/x\nB=\"$HOME\"\nC=$(id)") == ["A=${HOME}/x", "B=$HOME", "C=$(id)"])
    }

    @Test func laterEntriesWinInTheDictionary() throws {
        #expect(try DotEnv.dictionary("A=1\nB=2\nA=3") == ["A": "3", "B": "2"])
    }

    @Test func malformedLinesAreNamedWithoutTheirText() throws {
        let cases: [(String, Int, String)] = [
            ("A=1\nSECRET_WITHOUT_EQUALS\n", 2, "no '=' in this line (expected KEY=VALUE)"),
            ("export\n", 1, "no '=' in this line (expected KEY=VALUE)"),
            ("=value\n", 1, "no variable name before '='"),
            ("1A=x\n", 1, "invalid variable name (expected letters, digits and _, not starting with a digit)"),
            ("A B=x\n", 1, "invalid variable name (expected letters, digits and _, not starting with a digit)"),
            ("A=1\nB='secret\nC=3\n", 2, "the quote opened here is never closed"),
            ("A=\"secret\n", 1, "the quote opened here is never closed"),
            ("A=\"x\ny\" trailing\n", 2, "unexpected text after the closing quote"),
            ("A='x'y\n", 1, "unexpected text after the closing quote"),
        ]
        for (text, line, reason) in cases {
            let failure = Self.failure(text)
            #expect(failure == DotEnv.Failure(line: line, reason: reason), "\(text.debugDescription)")
            #expect(failure?.description.contains("secret") == false)
        }
        // The line after a multi-line value is counted right.
        #expect(Self.failure("A=\"1\n2\n3\"\nbad\n")?.line == 4)
    }
}
