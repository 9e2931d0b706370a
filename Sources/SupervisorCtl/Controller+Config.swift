import XMLRPC

/// `reread`, `update`, `add`, `remove` and `avail` (spec `ctl.md` §3). None of them runs the connection check,
/// so connection problems surface as Supervisor's generic error line.
extension Controller {
    func reread(_ argument: String) throws(CtlError) {
        guard argument.isEmpty else {
            output("Error: reread accepts no arguments")
            exitStatus = ExitStatus.generic
            printHelp("reread")
            return
        }
        do {
            let result = try supervisor("reloadConfig")
            let (added, changed, removed) = try Self.changes(result)
            for line in Formatting.changes(added: added, changed: changed, removed: removed) { output(line) }
        } catch where error.faultCode != nil {
            exitStatus = ExitStatus.generic
            switch error.faultCode {
            case Fault.shutdownState: output("ERROR: supervisor shutting down")
            case Fault.cantReread: output("ERROR: \(error.faultString ?? "")")
            default: throw error
            }
        }
    }

    func update(_ argument: String) throws(CtlError) {
        let result: XMLRPCValue
        do {
            result = try supervisor("reloadConfig")
        } catch where error.faultCode != nil {
            exitStatus = ExitStatus.generic
            guard error.faultCode == Fault.shutdownState else { throw error }
            output("ERROR: already shutting down")
            return
        }
        let (added, changed, removed) = try Self.changes(result)
        var valid = Set(PythonText.split(argument))
        if valid.contains("all") { valid = [] }
        if !valid.isEmpty {
            var groups = Set(try supervisorArray("getAllProcessInfo").map { ProcessInfo($0).group })
            groups.formUnion(added)
            // Python iterates a set here, so the order of several errors is arbitrary there; sorted here.
            for name in valid.sorted(by: Formatting.pythonOrder) where !groups.contains(name) {
                output("ERROR: no such group: \(name)")
                exitStatus = ExitStatus.generic
            }
        }
        for group in removed where valid.isEmpty || valid.contains(group) {
            let results = try supervisorArray("stopProcessGroup", .string(group)).map(ProcessResult.init)
            output("\(group): stopped")
            if results.contains(where: { $0.status == Fault.failed }) {
                output("\(group): has problems; not removing")
                exitStatus = ExitStatus.generic
                continue
            }
            try supervisor("removeProcessGroup", .string(group))
            output("\(group): removed process group")
        }
        for group in changed where valid.isEmpty || valid.contains(group) {
            try supervisor("stopProcessGroup", .string(group))
            output("\(group): stopped")
            try supervisor("removeProcessGroup", .string(group))
            try supervisor("addProcessGroup", .string(group))
            output("\(group): updated process group")
        }
        for group in added where valid.isEmpty || valid.contains(group) {
            try supervisor("addProcessGroup", .string(group))
            output("\(group): added process group")
        }
    }

    func add(_ argument: String) throws(CtlError) {
        for name in PythonText.split(argument) {
            do {
                try supervisor("addProcessGroup", .string(name))
                output("\(name): added process group")
            } catch where error.faultCode != nil {
                switch error.faultCode {
                case Fault.shutdownState:
                    output("ERROR: shutting down")
                    exitStatus = ExitStatus.generic
                case Fault.alreadyAdded:
                    output("ERROR: process group already active")
                case Fault.badName:
                    output("ERROR: no such process/group: \(name)")
                    exitStatus = ExitStatus.generic
                default:
                    exitStatus = ExitStatus.generic
                    throw error
                }
            }
        }
    }

    func remove(_ argument: String) throws(CtlError) {
        for name in PythonText.split(argument) {
            do {
                try supervisor("removeProcessGroup", .string(name))
                output("\(name): removed process group")
            } catch where error.faultCode != nil {
                exitStatus = ExitStatus.generic
                switch error.faultCode {
                case Fault.stillRunning: output("ERROR: process/group still running: \(name)")
                case Fault.badName: output("ERROR: no such process/group: \(name)")
                default: throw error
                }
            }
        }
    }

    func avail(_ argument: String) throws(CtlError) {
        guard argument.isEmpty else {
            output("Error: avail accepts no arguments")
            exitStatus = ExitStatus.generic
            printHelp("avail")
            return
        }
        do {
            for info in try supervisorArray("getAllConfigInfo") { output(Formatting.availLine(info)) }
        } catch where error.faultCode != nil {
            exitStatus = ExitStatus.generic
            guard error.faultCode == Fault.shutdownState else { throw error }
            output("ERROR: supervisor shutting down")
        }
    }

    /// The `[[added, changed, removed]]` answer of `reloadConfig`.
    private static func changes(_ result: XMLRPCValue) throws(CtlError) -> ([String], [String], [String]) {
        guard let lists = result.arrayValue?.first?.arrayValue, lists.count == 3 else {
            throw CtlError(.python(className: "ValueError", message: "unexpected reloadConfig answer: \(result)"))
        }
        func names(_ value: XMLRPCValue) -> [String] { value.arrayValue?.compactMap(\.stringValue) ?? [] }
        return (names(lists[0]), names(lists[1]), names(lists[2]))
    }
}
