import Testing

@testable import SupervisorWebUI

@Suite struct EscapingTests {
    @Test func htmlEscapesTheFiveSpecialCharacters() {
        #expect(
            HTMLEscaping.escape(#"<script>alert("x") & 'y'</script>"#)
                == "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        )
        #expect(HTMLEscaping.escape("plain ünïcode") == "plain ünïcode")
    }

    @Test func jsonStringsEscapeQuotesControlsAndMarkup() {
        #expect(
            HTMLEscaping.jsonString("a\"b\\c\n\t\u{1}</script>")
                == #""a\"b\\c\n\t\u0001\u003c/script\u003e""#
        )
    }

    @Test func quoteIsPythonsUrllibQuote() {
        #expect(URLQuoting.quote("g:a") == "g%3Aa")
        #expect(URLQuoting.quote("Process x stopped") == "Process%20x%20stopped")
        #expect(URLQuoting.quote("a/b_c.d-e~f") == "a/b_c.d-e~f")
        #expect(URLQuoting.quote("<é>") == "%3C%C3%A9%3E")
    }

    @Test func queryParsingIsParseQsl() {
        let pairs = URLQuoting.parseQuery("processname=g%3Aa&action=stop&empty=&novalue&msg=a+b%20c")
        #expect(pairs.map(\.name) == ["processname", "action", "msg"])
        #expect(pairs.map(\.value) == ["g:a", "stop", "a b c"])
    }

    @Test func ctimeHasPythonsShape() {
        let text = PythonCTime.format(secondsSinceEpoch: 0)
        // Local time zone: only the shape is fixed ("Thu Jan  1 00:00:00 1970" in UTC).
        #expect(text.count == 24)
        #expect(text.hasSuffix("1970") || text.hasSuffix("1969"))
    }
}
