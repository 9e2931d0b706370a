import Testing
@testable import XMLRPC

/// The values `Fixtures/make_fixtures.py` encodes, written again in Swift.
enum Golden {
    static func processInfo(
        _ name: String, _ group: String, start: Int, stop: Int, now: Int, state: Int, statename: String,
        spawnerr: String, exitstatus: Int, logfile: String, errlog: String, pid: Int, description: String
    ) -> XMLRPCValue {
        [
            "name": .string(name), "group": .string(group), "start": .int(start), "stop": .int(stop),
            "now": .int(now), "state": .int(state), "statename": .string(statename), "spawnerr": .string(spawnerr),
            "exitstatus": .int(exitstatus), "logfile": .string(logfile), "stdout_logfile": .string(logfile),
            "stderr_logfile": .string(errlog), "pid": .int(pid), "description": .string(description),
        ]
    }

    static let allProcessInfo: XMLRPCValue = [
        processInfo("cat", "cat", start: 1_700_000_000, stop: 0, now: 1_700_000_123, state: 20, statename: "RUNNING",
                    spawnerr: "", exitstatus: 0, logfile: "/tmp/cat-stdout.log", errlog: "/tmp/cat-stderr.log",
                    pid: 4242, description: "pid 4242, uptime 0:02:03"),
        processInfo("web_01", "web", start: 1_700_000_000, stop: 1_700_000_050, now: 1_700_000_123, state: 100,
                    statename: "EXITED", spawnerr: "", exitstatus: 3, logfile: "/var/log/web_01.log", errlog: "",
                    pid: 0, description: "Nov 14 10:14 PM"),
        processInfo("broken", "broken", start: 0, stop: 0, now: 1_700_000_123, state: 200, statename: "FATAL",
                    spawnerr: "can't find command 'nope'", exitstatus: 0, logfile: "/tmp/broken.log",
                    errlog: "/tmp/broken-err.log", pid: 0, description: "can't find command 'nope'"),
    ]

    static let types: XMLRPCValue = [
        "true": true, "false": false,
        "doubles": [0.0, .double(-0.0), 1.5, 0.1, 1e16, 1234567890123456.0, 1e-05, 0.0001, -2.5e-300,
                    1.7976931348623157e308, .double(.infinity), .double(-.infinity)],
        "ints": [0, -1, 2_147_483_647, -2_147_483_648],
        "empty_string": "", "empty_array": [], "empty_struct": .struct([]),
        "escaping": "a & b < c > d ]]> e",
        "unicode": "Grüße, 世界, 😀",
        "base64": .base64(Array(0...255) + Array("tail".utf8)),
        "base64_empty": .base64([]),
        "datetime": .dateTime("20240229T23:59:58"),
        "nested": ["a": [[1, [2, ["b": [3]]]]]],
    ]

    static let multicallResponse: XMLRPCValue = [
        true,
        ["faultCode": 10, "faultString": "BAD_NAME: nope"],
        [
            ["name": "web_01", "group": "web", "status": 80, "description": "OK"],
            ["name": "web_02", "group": "web", "status": 70, "description": "NOT_RUNNING: web:web_02"],
        ],
        "log text\n",
    ]

    static let responses: [(file: String, response: XMLRPCResponse)] = [
        ("response_all_process_info.xml", .success(allProcessInfo)),
        ("response_empty_array.xml", .success([])),
        ("response_true.xml", .success(true)),
        ("response_state.xml", .success(["statecode": 1, "statename": "RUNNING"])),
        ("response_log_slice.xml", .success("line one\n\tindented & <tagged> \"quoted\" 'apos'\nünïcødé 🐱 中文\n")),
        ("response_types.xml", .success(types)),
        ("response_nil.xml", .success([.nil, ["key": .nil], "after"])),
        ("response_multicall.xml", .success(multicallResponse)),
        ("response_fault.xml", .fault(code: 10, string: "BAD_NAME: bogus")),
        ("response_fault_escaped.xml", .fault(code: 2, string: "INCORRECT_PARAMETERS: <x> & \"y\"")),
    ]

    static let requests: [(file: String, request: XMLRPCRequest)] = [
        ("request_get_state.xml", XMLRPCRequest(methodName: "supervisor.getState")),
        ("request_start_process.xml", XMLRPCRequest(methodName: "supervisor.startProcess", params: ["web:web_01", true])),
        ("request_read_log.xml", XMLRPCRequest(methodName: "supervisor.readProcessStdoutLog", params: ["cat", -100, 0])),
        ("request_send_stdin.xml",
         XMLRPCRequest(methodName: "supervisor.sendProcessStdin", params: ["cat", "hello & <world>\n\ttab ünï 🐱\n"])),
        ("request_multicall.xml", XMLRPCRequest(methodName: "system.multicall", params: [[
            ["methodName": "supervisor.getProcessInfo", "params": ["cat"]],
            ["methodName": "supervisor.startProcessGroup", "params": ["web", false]],
            ["methodName": "supervisor.getState", "params": []],
        ]])),
        ("request_types.xml", XMLRPCRequest(methodName: "test.types", params: [
            1.5, .double(-0.0), 1e100, .base64([0x00, 0xFF] + Array("binary".utf8)), .dateTime("19700101T00:00:00"),
            [], .struct([]), "", .nil,
        ])),
    ]
}

@Suite struct GoldenFixtureTests {
    @Test(arguments: Golden.responses.map(\.file))
    func responseDecodesToTheValuePythonEncoded(file: String) throws {
        let expected = try #require(Golden.responses.first { $0.file == file }).response
        #expect(try XMLRPCResponse.decode(Fixture.bytes(file)) == expected)
    }

    @Test(arguments: Golden.responses.map(\.file))
    func responseEncodesToPythonsExactBytes(file: String) throws {
        let expected = try #require(Golden.responses.first { $0.file == file }).response
        let encoded = expected.encode()
        #expect(String(decoding: encoded, as: UTF8.self) == Fixture.text(file))
        #expect(encoded == Fixture.bytes(file))
    }

    @Test(arguments: Golden.requests.map(\.file))
    func requestDecodesToTheCallPythonEncoded(file: String) throws {
        let expected = try #require(Golden.requests.first { $0.file == file }).request
        #expect(try XMLRPCRequest.decode(Fixture.bytes(file)) == expected)
    }

    @Test(arguments: Golden.requests.map(\.file))
    func requestEncodesToPythonsExactBytes(file: String) throws {
        let expected = try #require(Golden.requests.first { $0.file == file }).request
        let encoded = expected.encode()
        #expect(String(decoding: encoded, as: UTF8.self) == Fixture.text(file))
        #expect(encoded == Fixture.bytes(file))
    }

    @Test func signedZeroSurvivesDecoding() throws {
        let request = try XMLRPCRequest.decode(Fixture.bytes("request_types.xml"))
        #expect(request.params[1].doubleValue?.sign == .minus)
    }

    @Test func faultStructIsAnOrdinaryStructInsideMulticallResults() throws {
        let response = try XMLRPCResponse.decode(Fixture.bytes("response_multicall.xml"))
        guard case .success(let value) = response else { Issue.record("expected success"); return }
        #expect(value.arrayValue?[1]["faultCode"] == 10)
        #expect(value.arrayValue?[1]["faultString"]?.stringValue == "BAD_NAME: nope")
    }
}
