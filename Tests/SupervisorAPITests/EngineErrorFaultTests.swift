@testable import SupervisorAPI
import SupervisorEngine
import Testing

/// Every error maps to Supervisor's code and text (the one mapping, `EngineError+Fault.swift`).
@Suite struct EngineErrorFaultTests {
    @Test func everyEngineErrorHasSupervisorsCodeAndText() {
        let cases: [(EngineError, Int, String)] = [
            (.badName("x:y"), 10, "BAD_NAME: x:y"),
            (.alreadyStarted("p"), 60, "ALREADY_STARTED: p"),
            (.notRunning("g:p"), 70, "NOT_RUNNING: g:p"),
            (.spawnError("p"), 50, "SPAWN_ERROR: p"),
            (.noFile("can't find command '/x'"), 20, "NO_FILE: can't find command '/x'"),
            (.notExecutable("command at '/tmp' is a directory"), 21, "NOT_EXECUTABLE: command at '/tmp' is a directory"),
            (.stillRunning("g"), 91, "STILL_RUNNING: g"),
            (.alreadyAdded("g"), 90, "ALREADY_ADDED: g"),
            (.shutdownState, 6, "SHUTDOWN_STATE"),
            (.badSignal("BOGUS"), 11, "BAD_SIGNAL: BOGUS"),
            (.abnormalTermination("p"), 40, "ABNORMAL_TERMINATION: p"),
            (.failed("p is in an unknown process state"), 30, "FAILED: p is in an unknown process state"),
        ]
        for (error, code, text) in cases {
            #expect(error.fault.code == code && error.fault.string == text, "\(error)")
            #expect(APIError.engine(error).fault == error.fault)
        }
    }

    @Test func everyAPIErrorHasSupervisorsCodeAndText() {
        let cases: [(APIError, Int, String)] = [
            (.unknownMethod, 1, "UNKNOWN_METHOD"),
            (.incorrectParameters(nil), 2, "INCORRECT_PARAMETERS"),
            (.incorrectParameters("No methodName"), 2, "INCORRECT_PARAMETERS: No methodName"),
            (.badArguments, 3, "BAD_ARGUMENTS"),
            (.signatureUnsupported, 4, "SIGNATURE_UNSUPPORTED"),
            (.noFile(nil), 20, "NO_FILE"),
            (.noFile("/var/log/x.log"), 20, "NO_FILE: /var/log/x.log"),
            (.failed(nil), 30, "FAILED"),
            (.failed("g:p"), 30, "FAILED: g:p"),
            (.cantReread("bad"), 92, "CANT_REREAD: bad"),
        ]
        for (error, code, text) in cases {
            #expect(error.fault.code == code && error.fault.string == text, "\(error)")
        }
    }

    @Test func faultCodesAreSupervisors() {
        #expect(FaultCode.allCases.map { "\($0.rawValue) \($0.name)" } == [
            "1 UNKNOWN_METHOD", "2 INCORRECT_PARAMETERS", "3 BAD_ARGUMENTS", "4 SIGNATURE_UNSUPPORTED",
            "6 SHUTDOWN_STATE", "10 BAD_NAME", "11 BAD_SIGNAL", "20 NO_FILE", "21 NOT_EXECUTABLE", "30 FAILED",
            "40 ABNORMAL_TERMINATION", "50 SPAWN_ERROR", "60 ALREADY_STARTED", "70 NOT_RUNNING", "80 SUCCESS",
            "90 ALREADY_ADDED", "91 STILL_RUNNING", "92 CANT_REREAD",
        ])
    }

    @Test func resultEntriesCarrySuccessOrTheFault() {
        let ok = Fault.resultStatus(nil)
        #expect(ok.status == 80 && ok.description == "OK")
        let failed = Fault.resultStatus(.spawnError("g:p"))
        #expect(failed.status == 50 && failed.description == "SPAWN_ERROR: g:p")
    }
}

