import SupervisorConfig
import Testing

/// Every broken configuration in `Fixtures/invalid-configs.txt` fails with its message, at its line, naming its
/// option. `Fixtures/check_invalid_with_python.py` runs the same file against Python Supervisor 4.3 to prove the
/// messages are Supervisor's.
@Suite struct InvalidConfigTests {
    static let cases = InvalidConfigCase.load()

    @Test func thereAreAtLeastFortyCases() {
        #expect(Self.cases.count >= 40)
    }

    @Test(arguments: cases)
    func failsWithItsMessage(_ c: InvalidConfigCase) throws {
        let error = try #require(TestContext.error(c.text))
        if let message = c.message { #expect(error.message == message) }
        if let prefix = c.prefix { #expect(error.message.hasPrefix(prefix), "\(error.message)") }
        #expect(error.location?.file == "/etc/supervisor/supervisord.conf")
        if let line = c.line { #expect(error.location?.line == line) }
        if let section = c.section { #expect(error.section == section) }
        if let option = c.option { #expect(error.option == option) }
        #expect(!error.description.isEmpty)
    }

    @Test func descriptionNamesFileLineSectionOptionAndWhatIsAllowed() throws {
        let error = try #require(TestContext.error("[supervisord]\n[program:x]\ncommand=x\nautostart=maybe\n"))
        #expect(error.description
            == "/etc/supervisor/supervisord.conf:4: [program:x] autostart: not a valid boolean value: 'maybe' "
            + "(expected true or false, or yes/no, on/off, 1/0)")
    }

    @Test func errorsInIncludedFilesNameThatFile() throws {
        let error = try #require(TestContext.error(
            "[supervisord]\n[include]\nfiles=conf.d/*.conf\n",
            extra: ["/etc/supervisor/conf.d/web.conf": "[program:web]\ncommand=x\nstartsecs=soon\n"]))
        #expect(error.location == SourceLocation(file: "/etc/supervisor/conf.d/web.conf", line: 3))
        #expect(error.option == "startsecs")
    }

    @Test func syntaxErrorsInIncludedFilesNameThatFile() throws {
        let error = try #require(TestContext.error(
            "[supervisord]\n[include]\nfiles=conf.d/*.conf\n",
            extra: ["/etc/supervisor/conf.d/web.conf": "[program:web]\ngarbage\n"]))
        #expect(error.message.hasPrefix("Source contains parsing errors: '/etc/supervisor/conf.d/web.conf'"))
        #expect(error.location?.line == 2)
    }

    @Test func missingAndUnreadableFiles() {
        let context = TestContext.make(files: ["/etc/locked.conf": "[supervisord]\n"], unreadable: ["/etc/locked.conf"])
        let parser = SupervisordConfigParser(context: context)
        #expect(throws: ConfigError("could not find config file /etc/none.conf", hint: "check the -c path")) {
            try parser.parse(path: "/etc/none.conf")
        }
        #expect(throws: ConfigError("could not read config file /etc/locked.conf: Permission denied")) {
            try parser.parse(path: "/etc/locked.conf")
        }
    }

    @Test func binaryGarbageIsRefusedWithTheLineOfTheFirstBadByte() {
        var fs = InMemoryConfigFileSystem(files: [:], directories: ["/etc"])
        fs.files["/etc/bin.conf"] = Array("[supervisord]\nx=1\n".utf8) + [0xFF, 0xFE, 0x00, 0x41]
        let context = ConfigContext(
            fileSystem: fs, users: FakeUserDatabase(), environment: [:], hostName: "h", currentDirectory: "/",
            tempDirectory: "/tmp", effectiveUID: 0)
        #expect {
            try SupervisordConfigParser(context: context).parse(path: "/etc/bin.conf")
        } throws: { error in
            let e = error as! ConfigError
            return e.message == "could not read config file /etc/bin.conf: it is not UTF-8 text (byte 18)"
                && e.location?.line == 3
        }
    }

    @Test func randomBytesNeverCrashTheParser() {
        var generator = SplitMix64(seed: 42)
        let alphabet = Array("[]=:;#%() \t\n\r\\\"'abcxyz_-.,/0123456789programsupervisord".utf8)
        for _ in 0..<2000 {
            let length = Int(generator.next() % 200)
            var bytes: [UInt8] = []
            for _ in 0..<length {
                let r = generator.next()
                bytes.append(r % 7 == 0 ? UInt8(truncatingIfNeeded: r >> 8) : alphabet[Int(r >> 16) % alphabet.count])
            }
            var fs = InMemoryConfigFileSystem(files: [:], directories: ["/etc"])
            fs.files["/etc/r.conf"] = Array("[supervisord]\n".utf8) + bytes
            let context = ConfigContext(
                fileSystem: fs, users: FakeUserDatabase(), environment: [:], hostName: "h", currentDirectory: "/",
                tempDirectory: "/tmp", effectiveUID: 0)
            _ = try? SupervisordConfigParser(context: context).parse(path: "/etc/r.conf")
        }
    }

    @Test func aHugeConfigIsParsedInReasonableTime() throws {
        var text = "[supervisord]\n"
        for i in 0..<5000 { text += "[program:p\(i)]\ncommand=/bin/sleep \(i)\n" }
        let c = try TestContext.parse(text)
        #expect(c.groups.count == 5000)
    }
}

/// A small deterministic random generator for fuzz-style tests.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
