import Glibc
import Testing

@testable import SupervisorRuntime

@Suite struct WaitStatusTests {
    @Test func normalExit() {
        let status = WaitStatus(rawValue: 3 << 8)
        #expect(status.exitCode == 3)
        #expect(status.exitStatus == 3)
        #expect(status.terminationSignal == nil)
        #expect(status.message == "exit status 3")
        #expect(WaitStatus(rawValue: 0).message == "exit status 0")
        #expect(WaitStatus(rawValue: 255 << 8).message == "exit status 255")
    }

    @Test func killedBySignal() {
        let status = WaitStatus(rawValue: SIGKILL)
        #expect(status.exitCode == nil)
        #expect(status.exitStatus == -1)
        #expect(status.terminationSignal == SIGKILL)
        #expect(status.message == "terminated by SIGKILL")
    }

    @Test func coreDumpedAndUnnamedSignals() {
        #expect(WaitStatus(rawValue: SIGSEGV | 0x80).message == "terminated by SIGSEGV (core dumped)")
        #expect(WaitStatus(rawValue: SIGABRT).message == "terminated by SIGABRT")
        #expect(WaitStatus(rawValue: 40).message == "terminated by signal 40")
        #expect(WaitStatus(rawValue: 34).message == "terminated by SIGRTMIN")
    }

    @Test func stoppedIsAnUnknownCause() {
        // WIFSTOPPED, only seen with WUNTRACED: Python's fallback branch.
        #expect(WaitStatus(rawValue: (SIGSTOP << 8) | 0x7F).message == "unknown termination cause 0x137f")
    }

    @Test func signalNamesFollowPython() {
        #expect(SignalNames.name(of: 6) == "SIGABRT")
        #expect(SignalNames.name(of: 17) == "SIGCHLD")
        #expect(SignalNames.name(of: 29) == "SIGPOLL")
        #expect(SignalNames.name(of: 64) == "SIGRTMAX")
        #expect(SignalNames.name(of: 35) == nil)
        #expect(SignalNames.signame(33) == "signal 33")
        #expect(SignalNames.number(named: "SIGTERM") == SIGTERM)
        #expect(SignalNames.number(named: "SIGIOT") == 6)
        #expect(SignalNames.number(named: "SIGCLD") == 17)
        #expect(SignalNames.number(named: "SIGIO") == 29)
        #expect(SignalNames.number(named: "TERM") == nil)
        #expect(SignalNames.number(named: "sigterm") == nil)
    }

    @Test func errnoNamesFollowPython() {
        #expect(SyscallError.errnoName(ENOENT) == "ENOENT")
        #expect(SyscallError.errnoName(EAGAIN) == "EAGAIN")
        #expect(SyscallError.errnoName(35) == "EDEADLOCK")
        #expect(SyscallError.errnoName(95) == "ENOTSUP")
        #expect(SyscallError.errnoName(41) == "41")
        #expect(SyscallError.errnoName(133) == "133")
        #expect(SyscallError(call: "kill", code: ESRCH).description == "kill: ESRCH")
    }

    @Test func spawnErrorMessagesMatchSupervisor() {
        #expect(SpawnError.pipe("web", EMFILE).message == "too many open files to spawn 'web'")
        #expect(SpawnError.pipe("web", ENFILE).message == "unknown error making dispatchers for 'web': ENFILE")
        #expect(SpawnError.fork("web", EAGAIN).message == "Too many processes in process table to spawn 'web'")
        #expect(SpawnError.fork("web", ENOMEM).message == "unknown error during fork for 'web': ENOMEM")
    }
}
