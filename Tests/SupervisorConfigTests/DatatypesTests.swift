@testable import SupervisorConfig
import Testing

/// One test per datatype, like Supervisor's test_datatypes.py; expected values and messages come from running
/// Supervisor 4.3.0's converters.
@Suite struct DatatypesTests {
    func message(_ body: () throws(ConfigError) -> Any) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return error.message
        }
    }

    @Test func integer() throws {
        #expect(try Datatypes.integer("42") == 42)
        #expect(try Datatypes.integer("-3") == -3)
        #expect(try Datatypes.integer("+3") == 3)
        #expect(try Datatypes.integer("1_000") == 1000)
        #expect(message { () throws(ConfigError) in try Datatypes.integer("1.5") }
            == "invalid literal for int() with base 10: '1.5'")
        #expect(message { () throws(ConfigError) in try Datatypes.integer("1__0") } != nil)
        #expect(message { () throws(ConfigError) in try Datatypes.integer("") } != nil)
        #expect(message { () throws(ConfigError) in try Datatypes.integer("99999999999999999999999") } != nil)
    }

    @Test(arguments: ["true", "YES", "on", "1", "True"]) func booleanTrue(v: String) throws {
        #expect(try Datatypes.boolean(v) == true)
    }

    @Test(arguments: ["false", "NO", "off", "0"]) func booleanFalse(v: String) throws {
        #expect(try Datatypes.boolean(v) == false)
    }

    @Test func booleanRejectsOtherWords() {
        #expect(message { () throws(ConfigError) in try Datatypes.boolean("maybe") }
            == "not a valid boolean value: 'maybe'")
    }

    @Test(arguments: [("10MB", 10_485_760), ("1_000kb", 1_024_000), ("-5KB", -5120), ("5", 5), ("1gb", 1_073_741_824),
                      ("0", 0), ("10 MB", 10_485_760)])
    func byteSize(v: String, expected: Int) throws {
        #expect(try Datatypes.byteSize(v) == expected)
    }

    @Test(arguments: [("10M", "invalid literal for int() with base 10: '10m'"),
                      ("kb", "invalid literal for int() with base 10: ''"),
                      ("1.5MB", "invalid literal for int() with base 10: '1.5'"),
                      ("0x10", "invalid literal for int() with base 10: '0x10'")])
    func byteSizeErrors(v: String, expected: String) {
        #expect(message { () throws(ConfigError) in try Datatypes.byteSize(v) } == expected)
    }

    @Test func octal() throws {
        #expect(try Datatypes.octal("022") == 0o22)
        #expect(try Datatypes.octal("22") == 0o22)
        #expect(try Datatypes.octal("0o22") == 0o22)
        #expect(try Datatypes.octal("0777") == 0o777)
        #expect(message { () throws(ConfigError) in try Datatypes.octal("8") } == "8 can not be converted to an octal type")
        #expect(message { () throws(ConfigError) in try Datatypes.octal("0x1") } != nil)
    }

    @Test(arguments: [("TERM", 15), ("sigterm", 15), (" term ", 15), ("15", 15), ("KILL", 9), ("usr1", 10),
                      ("IOT", 6), ("CLD", 17), ("RTMIN", 34), ("SIGRTMAX", 64), ("0", 0), ("+9", 9)])
    func signal(v: String, expected: Int32) throws {
        #expect(try Datatypes.signal(v) == expected)
    }

    @Test(arguments: [("kill9", "value 'kill9' is not a valid signal name"),
                      ("40", "value '40' is not a valid signal number"),
                      ("65", "value '65' is not a valid signal number"),
                      ("-1", "value '-1' is not a valid signal number")])
    func signalErrors(v: String, expected: String) {
        #expect(message { () throws(ConfigError) in try Datatypes.signal(v) } == expected)
    }

    @Test func signalNamesAsSupervisorPrintsThem() {
        #expect(SignalTable.name(of: 6) == "SIGABRT")
        #expect(SignalTable.name(of: 17) == "SIGCHLD")
        #expect(SignalTable.name(of: 29) == "SIGPOLL")
        #expect(SignalTable.name(of: 40) == nil)
    }

    @Test func exitCodes() throws {
        #expect(try Datatypes.exitCodes("0,2") == [0, 2])
        #expect(try Datatypes.exitCodes(" 1 , 2 ") == [1, 2])
        #expect(try Datatypes.exitCodes("") == [])
        for bad in ["256", "a", "1,,2", "-1"] {
            #expect(message { () throws(ConfigError) in try Datatypes.exitCodes(bad) }
                == "not a valid list of exit codes: '\(bad)'")
        }
    }

    @Test func autorestart() throws {
        #expect(try Datatypes.autorestart("True") == .always)
        #expect(try Datatypes.autorestart("off") == .never)
        #expect(try Datatypes.autorestart("UNEXPECTED") == .unexpected)
        #expect(message { () throws(ConfigError) in try Datatypes.autorestart("Maybe") }
            == "invalid 'autorestart' value 'maybe'")
    }

    @Test func logLevel() throws {
        #expect(try Datatypes.logLevel("WARN") == .warn)
        #expect(try Datatypes.logLevel("blather").number == 3)
        #expect(message { () throws(ConfigError) in try Datatypes.logLevel("warning") }
            == "bad logging level name 'warning'")
    }

    @Test func name() throws {
        #expect(try Datatypes.name(" a ") == "a")
        #expect(message { () throws(ConfigError) in try Datatypes.name("a b") }
            == "Invalid name: 'a b' because of character: ' '")
        #expect(message { () throws(ConfigError) in try Datatypes.name("a:b") }
            == "Invalid name: 'a:b' because of character: ':'")
        #expect(message { () throws(ConfigError) in try Datatypes.name("a/b") }
            == "Invalid name: 'a/b' because of character: '/'")
    }

    @Test func listOfStrings() {
        #expect(Datatypes.listOfStrings("a, b ,c") == ["a", "b", "c"])
        #expect(Datatypes.listOfStrings("") == [])
        #expect(Datatypes.listOfStrings("a,,b") == ["a", "", "b"])
    }

    @Test func inetAddress() throws {
        #expect(try Datatypes.inetAddress("9001") == ("", 9001))
        #expect(try Datatypes.inetAddress("*:9001") == ("", 9001))
        #expect(try Datatypes.inetAddress("127.0.0.1:9001") == ("127.0.0.1", 9001))
        #expect(try Datatypes.inetAddress("HOST:1") == ("host", 1))
        #expect(try Datatypes.inetAddress(":9001") == ("", 9001))
        #expect(message { () throws(ConfigError) in try Datatypes.inetAddress("0") } == "not a valid port number: '0' ")
        #expect(message { () throws(ConfigError) in try Datatypes.inetAddress("x") } == "not a valid port number: 'x' ")
        #expect(message { () throws(ConfigError) in try Datatypes.inetAddress("a:b") }
            == "invalid literal for int() with base 10: 'b'")
        #expect(message { () throws(ConfigError) in try Datatypes.inetAddress("host:") }
            == "no port number specified in ''")
        #expect(message { () throws(ConfigError) in try Datatypes.inetAddress("h:70000") }
            == "70000 is above upper bound (65535)")
        #expect(message { () throws(ConfigError) in try Datatypes.inetAddress("h:0") } == "0 is below lower bound (1)")
    }

    @Test(arguments: ["http://localhost:9001", "unix:///tmp/s.sock", "localhost:9001"])
    func urlAccepted(v: String) throws {
        #expect(try Datatypes.url(v) == v)
    }

    @Test(arguments: ["unix://", "http://", "/tmp/x", "x", "1http://a", "ht_tp://a"])
    func urlRejected(v: String) {
        #expect(message { () throws(ConfigError) in try Datatypes.url(v) } == "value '\(v)' is not a URL")
    }

    @Test func directoriesAndPaths() throws {
        let context = TestContext.make(files: [:], directories: ["/var/log/app"])
        #expect(try Datatypes.existingDirectory("/var/log/app", context) == "/var/log/app")
        #expect(try Datatypes.existingDirectory("~", context) == "/home/chrism")
        #expect(message { () throws(ConfigError) in try Datatypes.existingDirectory("/nope", context) }
            == "/nope is not an existing directory")
        #expect(try Datatypes.existingDirpath("/var/log/app/x.log", context) == "/var/log/app/x.log")
        #expect(try Datatypes.existingDirpath("relative.log", context) == "relative.log")
        #expect(message { () throws(ConfigError) in try Datatypes.existingDirpath("/nope/x.log", context) }
            == "The directory named as part of the path /nope/x.log does not exist")
        #expect(try Datatypes.logfile("NONE", context) == .none)
        #expect(try Datatypes.logfile("off", context) == .none)
        #expect(try Datatypes.logfile("Auto", context) == .auto)
        #expect(try Datatypes.logfile("syslog", context) == .syslog)
        #expect(try Datatypes.logfile("/dev/stdout", context) == .path("/dev/stdout"))
    }

    @Test func users() throws {
        let users = FakeUserDatabase()
        #expect(try Datatypes.userID("www-data", users).uid == 33)
        #expect(try Datatypes.userID("65534", users).name == "nobody")
        #expect(message { () throws(ConfigError) in try Datatypes.userID("ghost", users) } == "Invalid user name ghost")
        #expect(message { () throws(ConfigError) in try Datatypes.userID("4242", users) } == "Invalid user id 4242")
        #expect(try Datatypes.userAndGroup("root:root", users) == Ownership(uid: 0, gid: 0))
        #expect(try Datatypes.userAndGroup("nobody", users) == Ownership(uid: 65534, gid: nil))
        #expect(message { () throws(ConfigError) in try Datatypes.userAndGroup("root:ghosts", users) }
            == "Invalid user:group definition root:ghosts")
    }

    @Test func pythonRepr() {
        #expect(PythonText.repr("a'b") == "\"a'b\"")
        #expect(PythonText.repr("a'b\"") == "'a\\'b\"'")
        #expect(PythonText.repr("x\n\t\u{1}") == "'x\\n\\t\\x01'")
    }
}
