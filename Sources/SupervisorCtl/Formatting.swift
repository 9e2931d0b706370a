import XMLRPC

/// The pure formatting of `supervisorctl`'s output lines (spec `ctl.md` §3), kept apart from I/O so unit tests
/// can check them as exact strings.
enum Formatting {
    /// `status` lines: `%-{W}s%-10s%s` of namespec, state name and description, where `W` is 3 more than the
    /// longest namespec shown (at least 30). Trailing spaces stay when the description is empty.
    static func statusLines(_ infos: [ProcessInfo]) -> [String] {
        let namespecs = infos.map(\.namespec)
        let width = max(30, namespecs.map { $0.unicodeScalars.count }.max() ?? 0) + 3
        return zip(infos, namespecs).map { info, namespec in
            PythonText.leftJustified(namespec, width: width) + PythonText.leftJustified(info.stateName, width: 10)
                + info.description
        }
    }

    /// A start result line; nil for a code Supervisor's client has no text for (it raises `ValueError` then).
    static func startResult(_ result: ProcessResult) -> String? {
        let name = result.namespec
        switch result.status {
        case Fault.badName: return "\(name): ERROR (no such process)"
        case Fault.noFile: return "\(name): ERROR (no such file)"
        case Fault.notExecutable: return "\(name): ERROR (file is not executable)"
        case Fault.alreadyStarted: return "\(name): ERROR (already started)"
        case Fault.spawnError:
            // Our daemon names a blocking dependency (`SPAWN_ERROR: web: dependency db is FATAL`); Supervisor's
            // fault carries only the name, so its line stays exactly Supervisor's.
            if let range = result.description.firstRange(of: ": dependency ") {
                let why = result.description[result.description.index(range.lowerBound, offsetBy: 2)...]
                return "\(name): ERROR (spawn error: \(why))"
            }
            return "\(name): ERROR (spawn error)"
        case Fault.abnormalTermination: return "\(name): ERROR (abnormal termination)"
        case Fault.success: return "\(name): started"
        default: return nil
        }
    }

    /// A signal (or, with `success: "stopped"`, stop) result line; FAILED prints the fault's description as it
    /// is. Nil for codes without a text.
    static func signalResult(_ result: ProcessResult, success: String = "signalled") -> String? {
        let name = result.namespec
        switch result.status {
        case Fault.badName: return "\(name): ERROR (no such process)"
        case Fault.badSignal: return "\(name): ERROR (bad signal name)"
        case Fault.notRunning: return "\(name): ERROR (not running)"
        case Fault.success: return "\(name): \(success)"
        case Fault.failed: return result.description
        default: return nil
        }
    }

    /// A clear result line; nil for codes without a text.
    static func clearResult(_ result: ProcessResult) -> String? {
        let name = result.namespec
        switch result.status {
        case Fault.badName: return "\(name): ERROR (no such process)"
        case Fault.failed: return "\(name): ERROR (failed)"
        case Fault.success: return "\(name): cleared"
        default: return nil
        }
    }

    /// The text of the `ValueError` Supervisor's client raises for a result code it does not know.
    static func unknownResultCode(_ result: ProcessResult) -> String {
        "Unknown result code \(result.status) for \(result.namespec)"
    }

    /// `reread`: `<group>: available|changed|disappeared` for the union of names sorted lexically (by code point,
    /// as Python sorts), or `No config updates to processes`.
    static func changes(added: [String], changed: [String], removed: [String]) -> [String] {
        var kinds: [String: String] = [:]
        for name in added { kinds[name] = "available" }
        for name in changed { kinds[name] = "changed" }
        for name in removed { kinds[name] = "disappeared" }
        if kinds.isEmpty { return ["No config updates to processes"] }
        return kinds.keys.sorted(by: pythonOrder).map { "\($0): \(kinds[$0]!)" }
    }

    /// `avail` lines: `%-32s %-9s %-9s %s` of namespec, `in use`/`avail`, `auto`/`manual`, `gprio:pprio`.
    static func availLine(_ info: XMLRPCValue) -> String {
        let name = Namespec.make(group: info["group"]?.stringValue ?? "", process: info["name"]?.stringValue ?? "")
        let inUse = truth(info["inuse"]) ? "in use" : "avail"
        let autostart = truth(info["autostart"]) ? "auto" : "manual"
        let priority = "\(pythonString(info["group_prio"])):\(pythonString(info["process_prio"]))"
        return PythonText.leftJustified(name, width: 32) + " " + PythonText.leftJustified(inUse, width: 9) + " "
            + PythonText.leftJustified(autostart, width: 9) + " " + priority
    }

    /// Python's truth value of an XML-RPC value.
    static func truth(_ value: XMLRPCValue?) -> Bool {
        switch value {
        case .bool(let b)?: return b
        case .int(let i)?: return i != 0
        case .string(let s)?: return !s.isEmpty
        case .double(let d)?: return d != 0
        case .array(let a)?: return !a.isEmpty
        case .struct(let s)?: return !s.isEmpty
        case .base64(let b)?: return !b.isEmpty
        case .dateTime?: return true
        case .nil?, nil: return false
        }
    }

    /// Python's `str()` of an XML-RPC value, for the values Supervisor sends.
    static func pythonString(_ value: XMLRPCValue?) -> String {
        switch value {
        case .string(let s)?: return s
        case .int(let i)?: return String(i)
        case nil: return "None"
        case let other?: return other.description
        }
    }

    /// Python's default string order: by code point.
    static func pythonOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }
}
