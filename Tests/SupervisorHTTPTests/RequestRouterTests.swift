import Testing

@testable import SupervisorHTTP

@Suite struct RequestRouterTests {
    @Test(arguments: ["/RPC2", "/RPC2/", "/RPC2?x=1", "/RPC2foo", "/%52PC2"])
    func rpcPrefixRoutesToXMLRPC(target: String) {
        #expect(RequestRouter.route(target: target) == .xmlrpc)
    }

    @Test func logtailDefaultsToStdout() {
        #expect(RequestRouter.route(target: "/logtail/foo") == .logTail(namespec: "foo", channel: .stdout))
        #expect(RequestRouter.route(target: "/logtail/foo/stdout") == .logTail(namespec: "foo", channel: .stdout))
        #expect(
            RequestRouter.route(target: "/logtail/grp:foo/stderr") == .logTail(namespec: "grp:foo", channel: .stderr))
    }

    @Test func logtailNamesAreUnquoted() {
        #expect(RequestRouter.route(target: "/logtail/grp%3Afoo") == .logTail(namespec: "grp:foo", channel: .stdout))
        #expect(RequestRouter.route(target: "//logtail/foo") == .page(path: "//logtail/foo", query: nil))
        // Medusa unquotes the path once, logtail_handler once more.
        #expect(RequestRouter.route(target: "/logtail/a%2525b") == .logTail(namespec: "a%b", channel: .stdout))
    }

    @Test func logtailEmptyNameIsPassedOn() {
        #expect(RequestRouter.route(target: "/logtail/") == .logTail(namespec: "", channel: .stdout))
    }

    @Test(arguments: ["/logtail", "/logtailx", "/logtail/foo/bogus", "/logtail/foo/stdout/extra"])
    func unusableLogtailTargetsAreNotFound(target: String) {
        #expect(RequestRouter.route(target: target) == .logTailNotFound)
    }

    @Test func mainlogtailIsItsOwnRoute() {
        #expect(RequestRouter.route(target: "/mainlogtail") == .mainLogTail)
        #expect(RequestRouter.route(target: "/mainlogtail?x") == .mainLogTail)
    }

    @Test func everythingElseIsAPage() {
        #expect(RequestRouter.route(target: "/") == .page(path: "/", query: nil))
        #expect(
            RequestRouter.route(target: "/index.html?processname=a%3Ab&action=stop")
                == .page(path: "/index.html", query: "processname=a%3Ab&action=stop"))
        #expect(RequestRouter.route(target: "/tail.html?") == .page(path: "/tail.html", query: nil))
        #expect(RequestRouter.route(target: "/images/a%20b.png") == .page(path: "/images/a b.png", query: nil))
        #expect(RequestRouter.route(target: "/x;p=1?q") == .page(path: "/x;p=1", query: "q"))
    }

    @Test func unquoteFollowsPython() {
        #expect(RequestRouter.unquote("a%20b") == "a b")
        #expect(RequestRouter.unquote("%e2%82%AC") == "€")
        #expect(RequestRouter.unquote("100%") == "100%")
        #expect(RequestRouter.unquote("%zz%4") == "%zz%4")
        #expect(RequestRouter.unquote("%ff") == "\u{FFFD}")
    }

    @Test func onlyThePathBeforeTheLastQuestionMarkIsUnquotedForRouting() {
        #expect(RequestRouter.medusaURI("/a%20b?c%20d") == "/a b?c%20d")
        #expect(RequestRouter.medusaURI("/a%3Fb?c") == "/a?b?c")
    }
}

@Suite struct MedusaResponsesTests {
    @Test func errorBodyIsMedusasPage() {
        let body = String(decoding: MedusaResponses.errorBody(404), as: UTF8.self)
        #expect(
            body
                == "<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n<h1>Error response</h1>\r\n<p>Error code 404.\r\n<p>Message: Not Found.\r\n</body>\r\n"
        )
        // Lengths seen from Supervisor 4.3.0: 400 -> 136, 401 -> 137, 404 -> 134, 411 -> 140, 500 -> 146.
        #expect([400, 401, 404, 411, 500].map { MedusaResponses.errorBody($0).count } == [136, 137, 134, 140, 146])
    }

    @Test func httpDateIsRFC1123() {
        #expect(HTTPDate.string(secondsSinceEpoch: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.string(secondsSinceEpoch: 1_795_552_613) == "Tue, 24 Nov 2026 20:36:53 GMT")
    }
}
