import Testing

@testable import SupervisorCtl

@Suite struct GetoptTests {
    let getopt = Getopt(shortOptions: "h?c:is:u:p:r:", longOptions: ["help", "configuration=", "interactive",
                                                                     "serverurl=", "username=", "password=", "history_file="])

    func parse(_ args: [String]) -> String {
        do {
            let (options, rest) = try getopt.parse(args)
            return options.map { "\($0.name)=\($0.argument)" }.joined(separator: " ") + " | " + rest.joined(separator: " ")
        } catch {
            return "error: " + error.message
        }
    }

    @Test func stopsAtTheFirstNonOption() {
        #expect(parse(["-c", "f", "status", "-c", "x"]) == "-c=f | status -c x")
        #expect(parse(["-cf", "-i", "--", "-x"]) == "-c=f -i= | -x")
        #expect(parse(["-", "a"]) == " | - a")
        #expect(parse(["-iu", "bob"]) == "-i= -u=bob | ")
    }

    @Test func longOptionsTakeUniquePrefixes() {
        #expect(parse(["--serv=unix:///x", "--conf", "f"]) == "--serverurl=unix:///x --configuration=f | ")
        #expect(parse(["--h"]) == "error: option --h not a unique prefix")
        #expect(parse(["--help=3"]) == "error: option --help must not have an argument")
        #expect(parse(["--foo"]) == "error: option --foo not recognized")
        #expect(parse(["--history-file=x"]) == "error: option --history-file not recognized")
        #expect(parse(["--username"]) == "error: option --username requires argument")
    }

    @Test func shortOptionErrors() {
        #expect(parse(["-x"]) == "error: option -x not recognized")
        #expect(parse(["-c"]) == "error: option -c requires argument")
        #expect(parse(["-:"]) == "error: option -: not recognized")
    }
}
