import XMLRPC

/// `status`, `start`, `stop`, `restart`, `signal`, `pid` and `clear` (spec `ctl.md` §3), line for line after
/// Supervisor's `DefaultControllerPlugin`.
extension Controller {
    func status(_ argument: String) throws(CtlError) {
        guard try upcheck() else {
            // Supervisor overrides whatever the connection check set: status reports "unknown".
            exitStatus = ExitStatus.statusUnknown
            return
        }
        let all = try supervisorArray("getAllProcessInfo").map(ProcessInfo.init)
        let names = PythonText.split(argument)
        var matching: [ProcessInfo] = []
        if names.isEmpty || names.contains("all") {
            matching = all
        } else {
            for name in names {
                let (group, process) = Namespec.split(name)
                let found = all.filter { $0.group == group && (process == nil || $0.name == process) }
                if found.isEmpty {
                    output(process == nil ? "\(group): ERROR (no such group)" : "\(name): ERROR (no such process)")
                    exitStatus = ExitStatus.statusUnknown
                }
                matching += found
            }
        }
        let lines = Formatting.statusLines(matching)
        if !lines.isEmpty { console.write(lines.joined(separator: "\n") + "\n") }
        if matching.contains(where: { ProcessInfo.stoppedStates.contains($0.state) }) {
            exitStatus = ExitStatus.statusNotRunning
        }
    }

    func start(_ argument: String) throws(CtlError) {
        guard try upcheck() else { return }
        let names = PythonText.split(argument)
        if names.isEmpty {
            output("Error: start requires a process name")
            exitStatus = ExitStatus.invalidArguments
            printHelp("start")
            return
        }
        if names.contains("all") {
            for result in try supervisorArray("startAllProcesses").map(ProcessResult.init) {
                try outputResult(result, Formatting.startResult, ignoring: Fault.alreadyStarted)
            }
            return
        }
        for name in names {
            let (group, process) = Namespec.split(name)
            if process == nil {
                do {
                    for result in try supervisorArray("startProcessGroup", .string(group)).map(ProcessResult.init) {
                        try outputResult(result, Formatting.startResult, ignoring: Fault.alreadyStarted)
                    }
                } catch where error.faultCode == Fault.badName {
                    output("\(group): ERROR (no such group)")
                    exitStatus = ExitStatus.invalidArguments
                } catch where error.faultCode != nil {
                    exitStatus = ExitStatus.generic
                    throw error
                }
            } else {
                do {
                    try supervisor("startProcess", .string(name))
                    output("\(Namespec.make(group: group, process: process)): started")
                } catch {
                    guard let code = error.faultCode else { throw error }
                    let result = ProcessResult(name: process, group: group, status: code, description: error.faultString ?? "")
                    try outputResult(result, Formatting.startResult, ignoring: Fault.alreadyStarted)
                }
            }
        }
    }

    func stop(_ argument: String) throws(CtlError) {
        guard try upcheck() else { return }
        let names = PythonText.split(argument)
        if names.isEmpty {
            output("Error: stop requires a process name")
            exitStatus = ExitStatus.generic
            printHelp("stop")
            return
        }
        let format: (ProcessResult) -> String? = { Formatting.signalResult($0, success: "stopped") }
        if names.contains("all") {
            for result in try supervisorArray("stopAllProcesses").map(ProcessResult.init) {
                try outputResult(result, format, ignoring: Fault.notRunning)
            }
            return
        }
        for name in names {
            let (group, process) = Namespec.split(name)
            if process == nil {
                do {
                    for result in try supervisorArray("stopProcessGroup", .string(group)).map(ProcessResult.init) {
                        try outputResult(result, format, ignoring: Fault.notRunning)
                    }
                } catch where error.faultCode != nil {
                    exitStatus = ExitStatus.generic
                    guard error.faultCode == Fault.badName else { throw error }
                    output("\(group): ERROR (no such group)")
                }
            } else {
                do {
                    try supervisor("stopProcess", .string(name))
                    output("\(Namespec.make(group: group, process: process)): stopped")
                } catch {
                    guard let code = error.faultCode else { throw error }
                    let result = ProcessResult(name: process, group: group, status: code, description: error.faultString ?? "")
                    try outputResult(result, format, ignoring: Fault.notRunning)
                }
            }
        }
    }

    func restart(_ argument: String) throws(CtlError) {
        guard try upcheck() else { return }
        if PythonText.split(argument).isEmpty {
            output("Error: restart requires a process name")
            exitStatus = ExitStatus.generic
            printHelp("restart")
            return
        }
        try stop(argument)
        try start(argument)
    }

    func signal(_ argument: String) throws(CtlError) {
        guard try upcheck() else { return }
        let args = PythonText.split(argument)
        if args.count < 2 {
            output("Error: signal requires a signal name and a process name")
            printHelp("signal")
            exitStatus = ExitStatus.generic
            return
        }
        let signalName = XMLRPCValue.string(args[0])
        let names = Array(args.dropFirst())
        let format: (ProcessResult) -> String? = { Formatting.signalResult($0) }
        if names.contains("all") {
            for result in try supervisorArray("signalAllProcesses", signalName).map(ProcessResult.init) {
                try outputResult(result, format, ignoring: nil)
            }
            return
        }
        for name in names {
            let (group, process) = Namespec.split(name)
            if process == nil {
                do {
                    let results = try supervisorArray("signalProcessGroup", .string(group), signalName)
                    for result in results.map(ProcessResult.init) {
                        try outputResult(result, format, ignoring: nil)
                    }
                } catch where error.faultCode == Fault.badName {
                    output("\(group): ERROR (no such group)")
                    exitStatus = ExitStatus.generic
                }
            } else {
                do {
                    try supervisor("signalProcess", .string(name), signalName)
                    output("\(Namespec.make(group: group, process: process)): signalled")
                } catch {
                    guard let code = error.faultCode else { throw error }
                    let result = ProcessResult(name: process, group: group, status: code, description: error.faultString ?? "")
                    try outputResult(result, format, ignoring: nil)
                }
            }
        }
    }

    func pid(_ argument: String) throws(CtlError) {
        // Supervisor builds its proxy before the connection check, so a bad URL fails here first; `rpc()` does
        // the same.
        _ = try rpc()
        guard try upcheck() else { return }
        let names = PythonText.split(argument)
        if names.isEmpty {
            output(Formatting.pythonString(try supervisor("getPID")))
        } else if names.contains("all") {
            for info in try supervisorArray("getAllProcessInfo") {
                output(Formatting.pythonString(info["pid"]))
            }
        } else {
            for name in names {
                do {
                    let info = try supervisor("getProcessInfo", .string(name))
                    output(Formatting.pythonString(info["pid"]))
                    if info["pid"]?.intValue == 0 { exitStatus = ExitStatus.notRunning }
                } catch where error.faultCode != nil {
                    exitStatus = ExitStatus.generic
                    guard error.faultCode == Fault.badName else { throw error }
                    output("No such process \(name)")
                }
            }
        }
    }

    func clear(_ argument: String) throws(CtlError) {
        guard try upcheck() else { return }
        let names = PythonText.split(argument)
        if names.isEmpty {
            output("Error: clear requires a process name")
            exitStatus = ExitStatus.generic
            printHelp("clear")
            return
        }
        if names.contains("all") {
            for result in try supervisorArray("clearAllProcessLogs").map(ProcessResult.init) {
                try outputResult(result, Formatting.clearResult, ignoring: nil)
            }
            return
        }
        for name in names {
            // `g:*` is sent as it is (Supervisor has no group form of clear) and its error names `g:None`.
            let (group, process) = Namespec.split(name)
            do {
                try supervisor("clearProcessLogs", .string(name))
                output("\(Namespec.make(group: group, process: process)): cleared")
            } catch {
                guard let code = error.faultCode else { throw error }
                let result = ProcessResult(name: process, group: group, status: code, description: error.faultString ?? "")
                try outputResult(result, Formatting.clearResult, ignoring: nil)
            }
        }
    }

    /// Prints one result line and updates the exit status from its code. A code without a text is Supervisor's
    /// `ValueError('Unknown result code …')`, raised before anything is printed for that result.
    private func outputResult(
        _ result: ProcessResult, _ format: (ProcessResult) -> String?, ignoring ignored: Int?
    ) throws(CtlError) {
        guard let line = format(result) else { throw CtlError(.value(Formatting.unknownResultCode(result))) }
        output(line)
        setExitStatus(fromFault: result.status, ignoring: ignored)
    }
}
