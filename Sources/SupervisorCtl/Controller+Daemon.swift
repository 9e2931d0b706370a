/// `reload`, `shutdown`, `version` and `open` (spec `ctl.md` §3).
extension Controller {
    func shutdown(_ argument: String) throws(CtlError) {
        guard argument.isEmpty else {
            output("Error: shutdown accepts no arguments")
            exitStatus = ExitStatus.generic
            printHelp("shutdown")
            return
        }
        guard try confirm("Really shut the remote supervisord process down y/N? ") else { return }
        do {
            try supervisor("shutdown")
            output("Shut down")
        } catch {
            if error.faultCode == Fault.shutdownState {
                output("ERROR: already shutting down")
                return
            }
            if error.faultCode != nil {
                exitStatus = ExitStatus.generic
                throw error
            }
            if error.clientError?.isPythonSocketError == true {
                exitStatus = ExitStatus.generic
                if error.clientError?.isConnectionRefused == true {
                    output("ERROR: \(options.serverURL) refused connection (already shut down?)")
                    return
                }
                if error.clientError?.isNoSuchFile == true {
                    output("ERROR: \(options.serverURL) no such file (already shut down?)")
                    return
                }
            }
            throw error
        }
    }

    func reload(_ argument: String) throws(CtlError) {
        guard argument.isEmpty else {
            output("Error: reload accepts no arguments")
            exitStatus = ExitStatus.generic
            printHelp("reload")
            return
        }
        guard try confirm("Really restart the remote supervisord process y/N? ") else { return }
        do {
            try supervisor("restart")
            output("Restarted supervisord")
        } catch where error.faultCode != nil {
            exitStatus = ExitStatus.generic
            switch error.faultCode {
            case Fault.shutdownState: output("ERROR: already shutting down")
            // Our daemon refuses to restart into a broken configuration (Supervisor's never answers this).
            case Fault.cantReread: output("ERROR: \(error.faultString ?? "")")
            default: throw error
            }
        }
    }

    /// In interactive mode asks `question`; an answer starting with `y` or `Y` proceeds. Otherwise proceeds.
    private func confirm(_ question: String) throws(CtlError) -> Bool {
        guard options.interactive else { return true }
        return try ask(prompt: question).lowercased().hasPrefix("y")
    }

    func version(_ argument: String) throws(CtlError) {
        guard argument.isEmpty else {
            output("Error: version accepts no arguments")
            exitStatus = ExitStatus.generic
            printHelp("version")
            return
        }
        guard try upcheck() else { return }
        output(Formatting.pythonString(try supervisor("getSupervisorVersion")))
    }

    /// `open <url>`: switches to another server and shows its status, keeping the exit status from before.
    func open(_ argument: String) throws(CtlError) {
        let url = PythonText.strip(argument)
        let scheme = URLText(url).scheme
        guard scheme == "unix" || scheme == "http" else {
            output("ERROR: url must be http:// or unix://")
            exitStatus = ExitStatus.generic
            return
        }
        options.serverURL = url
        let previous = exitStatus
        try status("")
        exitStatus = previous
    }
}
