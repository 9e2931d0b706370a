import Foundation
import Glibc
import Synchronization
import Testing
import XMLRPC

@testable import SupervisorClient
import SupervisorTestSupport

/// The client against the real Python Supervisor 4.3.0, over its unix socket and its authenticated TCP listener.
/// Each test starts its own supervisord and always shuts it down, checking that no program process survives.
@Suite struct PythonSupervisordTests {
    /// Runs `body` against a fresh supervisord and records teardown problems as issues.
    private func withSupervisord(_ body: (PythonSupervisord) throws -> Void) throws {
        let daemon = try PythonSupervisord()
        defer {
            for problem in daemon.stop() { Issue.record(Comment(rawValue: problem)) }
        }
        try body(daemon)
    }

    @Test func getStateAndGetAllProcessInfoOverUnixSocketAndTCPWithAuth() throws {
        try withSupervisord { daemon in
            let overUnix = try SupervisorConnection(serverURL: daemon.unixURL, timeout: .seconds(10))
            let overTCP = try SupervisorConnection(
                serverURL: daemon.httpURL, username: daemon.username, password: daemon.password, timeout: .seconds(10))
            for client in [overUnix, overTCP] {
                #expect(try client.call("supervisor.getState") == runningState)
                #expect(try client.call("supervisor.getVersion") == "3.0")
                let infos = try #require(try client.call("supervisor.getAllProcessInfo").arrayValue)
                #expect(infos.compactMap { $0["name"]?.stringValue } == ["printer", "sleeper"])
                #expect(infos.first?["statename"] == "RUNNING")
                #expect(infos.last?["statename"] == "STOPPED")
                #expect(infos.last?["description"] == "Not started")
            }
            // Everything above went over one kept-alive connection per transport.
            #expect(overUnix.connectionsOpened == 1)
            #expect(overTCP.connectionsOpened == 1)
        }
    }

    @Test func tcpWithoutOrWithWrongCredentialsIsUnauthorized() throws {
        try withSupervisord { daemon in
            for password in [nil, "wrong"] {
                let client = try SupervisorConnection(
                    serverURL: daemon.httpURL, username: daemon.username, password: password)
                let error = #expect(throws: ClientError.self) { try client.call("supervisor.getVersion") }
                #expect(error == .httpStatus(code: 401, reason: "Unauthorized"))
                #expect(error?.supervisorctlMessage(serverURL: daemon.httpURL) == "Server requires authentication")
            }
        }
    }

    @Test func hostnameURLIsResolvedWithGetaddrinfo() throws {
        try withSupervisord { daemon in
            let client = try SupervisorConnection(
                serverURL: "http://localhost:\(daemon.port)", username: daemon.username, password: daemon.password)
            #expect(try client.call("supervisor.getState") == runningState)
        }
    }

    @Test func startAndStopAProgramAndGetFaultsAsTypedErrors() throws {
        try withSupervisord { daemon in
            let client = try SupervisorConnection(serverURL: daemon.unixURL, timeout: .seconds(30))
            #expect(try client.call("supervisor.startProcess", ["sleeper"]) == true)
            let running = try client.call("supervisor.getProcessInfo", ["sleeper"])
            #expect(running["statename"] == "RUNNING")
            let pid = try #require(running["pid"]?.intValue)
            #expect(pid > 0 && kill(Int32(pid), 0) == 0)
            daemon.rememberProgramGroups()

            #expect(throws: ClientError.fault(code: 60, string: "ALREADY_STARTED: sleeper")) {
                try client.call("supervisor.startProcess", ["sleeper"])
            }
            #expect(throws: ClientError.fault(code: 10, string: "BAD_NAME: nosuch")) {
                try client.call("supervisor.startProcess", ["nosuch"])
            }
            #expect(throws: ClientError.fault(code: 1, string: "UNKNOWN_METHOD")) {
                try client.call("supervisor.noSuchMethod")
            }

            #expect(try client.call("supervisor.stopProcess", ["sleeper"]) == true)
            #expect(try client.call("supervisor.getProcessInfo", ["sleeper"])["statename"] == "STOPPED")
            #expect(eventually { procStat(Int32(pid)).map { $0.state == "Z" } ?? true })
            #expect(throws: ClientError.fault(code: 70, string: "NOT_RUNNING: sleeper")) {
                try client.call("supervisor.stopProcess", ["sleeper"])
            }
            #expect(client.connectionsOpened == 1)
        }
    }

    @Test func multicallReturnsBareValuesAndFaultEntries() throws {
        try withSupervisord { daemon in
            let client = try SupervisorConnection(
                serverURL: daemon.httpURL, username: daemon.username, password: daemon.password, timeout: .seconds(10))
            let results = try client.multicall([
                MulticallCall("supervisor.getState"),
                MulticallCall("supervisor.getProcessInfo", ["nosuch"]),
                MulticallCall("supervisor.getPID"),
                MulticallCall("system.multicall", [[]]),
            ])
            #expect(results.count == 4)
            #expect(try results[0].get() == runningState)
            #expect(throws: ClientError.fault(code: 10, string: "BAD_NAME: nosuch")) { try results[1].get() }
            #expect(try results[2].get() == .int(Int(daemon.pid)))
            let recursive = "INCORRECT_PARAMETERS: Recursive system.multicall forbidden"
            #expect(throws: ClientError.fault(code: 2, string: recursive)) {
                try results[3].get()
            }
        }
    }

    @Test(arguments: [false, true])
    func logtailStreamsWhatTheProgramPrintsWhileItPrints(overTCP: Bool) throws {
        try withSupervisord { daemon in
            let client = overTCP
                ? try SupervisorConnection(
                    serverURL: daemon.httpURL, username: daemon.username, password: daemon.password,
                    timeout: .seconds(10))
                : try SupervisorConnection(serverURL: daemon.unixURL, timeout: .seconds(10))
            let cancellation = try StreamCancellation()
            // A watchdog so a broken stream fails the test instead of hanging it.
            let watchdog = Thread {
                _ = eventually(timeout: .seconds(30)) { cancellation.isCancelled }
                cancellation.cancel()
            }
            watchdog.start()
            defer { cancellation.cancel() }

            var text = ""
            var chunks = 0
            var ticksInFirstChunk = 0
            let end = try client.streamGet(path: "/logtail/printer", cancellation: cancellation) { bytes in
                chunks += 1
                text += String(decoding: bytes, as: UTF8.self)
                let ticks = text.components(separatedBy: "tick ").count - 1
                if chunks == 1 { ticksInFirstChunk = ticks }
                // Stop once three more lines have arrived after the initial tail: they were streamed live.
                return ticks >= ticksInFirstChunk + 3 ? .stop : .keepReading
            }
            #expect(end == .stopped)
            #expect(chunks >= 4)
            let numbers = text.split(separator: "\n").compactMap { Int($0.dropFirst("tick ".count)) }
            #expect(numbers.count >= 3)
            #expect(zip(numbers, numbers.dropFirst()).allSatisfy { $1 == $0 + 1 })
        }
    }

    @Test func logtailOfAnUnknownProcessIs404AndWithoutCredentials401() throws {
        try withSupervisord { daemon in
            let overUnix = try SupervisorConnection(serverURL: daemon.unixURL, timeout: .seconds(10))
            #expect(throws: ClientError.httpStatus(code: 404, reason: "Not Found")) {
                try overUnix.streamGet(path: "/logtail/nosuch") { _ in .stop }
            }
            let anonymous = try SupervisorConnection(serverURL: daemon.httpURL, timeout: .seconds(10))
            #expect(throws: ClientError.httpStatus(code: 401, reason: "Unauthorized")) {
                try anonymous.streamGet(path: "/logtail/printer") { _ in .stop }
            }
        }
    }

    @Test func afterShutdownTheSocketIsGoneAndTheTCPPortRefuses() throws {
        let daemon = try PythonSupervisord()
        let problems = daemon.stop()
        #expect(problems == [])
        let unixError = #expect(throws: ClientError.self) {
            try SupervisorConnection(serverURL: daemon.unixURL).call("supervisor.getVersion")
        }
        #expect(unixError?.supervisorctlMessage(serverURL: daemon.unixURL) == "\(daemon.unixURL) no such file")
        let tcpError = #expect(throws: ClientError.self) {
            try SupervisorConnection(serverURL: daemon.httpURL).call("supervisor.getVersion")
        }
        #expect(tcpError?.supervisorctlMessage(serverURL: daemon.httpURL) == "\(daemon.httpURL) refused connection")
    }

    /// Measures one `supervisor.getState` call including connect, with a new connection each time, and prints the
    /// figures (debug build; supervisord's own work dominates).
    @Test func getStateLatencyIncludingConnect() throws {
        try withSupervisord { daemon in
            let clock = ContinuousClock()
            for (label, url, user, pass) in [
                ("unix", daemon.unixURL, nil, nil), ("tcp+auth", daemon.httpURL, daemon.username, daemon.password),
            ] as [(String, String, String?, String?)] {
                var samples: [Duration] = []
                for _ in 0..<30 {
                    let started = clock.now
                    let client = try SupervisorConnection(
                        serverURL: url, username: user, password: pass, timeout: .seconds(10))
                    _ = try client.call("supervisor.getState")
                    samples.append(clock.now - started)
                    client.close()
                }
                samples.sort()
                let median = samples[samples.count / 2]
                print("getState latency incl. connect (\(label), 30 runs): "
                    + "min \(samples[0]), median \(median), max \(samples.last!)")
                #expect(median < .seconds(1))
            }
        }
    }
}
