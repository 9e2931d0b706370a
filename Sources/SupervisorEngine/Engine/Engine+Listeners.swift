import SupervisorConfig
import SupervisorLogs

/// Event delivery to listener pools, a copy of Supervisor's `EventListenerPool` (process.py) and
/// `PEventListenerDispatcher` (dispatchers.py): events are buffered per pool when emitted, handed to a RUNNING and
/// READY member during the pool's pass, and the member's stdout is parsed for READY and RESULT.
extension Engine {
    /// The last global event serial handed out (-1 before the first); the daemon passes it to the next generation's
    /// engine, as Supervisor's serial lives for the whole daemon process.
    public var lastEventSerial: Int { router.lastSerial }

    /// Emits an engine event: to the sink, and to every subscribed pool.
    func emit(_ event: EngineEvent) {
        if Self.publish(event, sink: events, router: &router, logger: logger) {
            poolsTookEventsThisPass = true
            poke()
        }
    }

    /// - Returns: whether a pool took the event.
    @discardableResult
    static func publish(
        _ event: EngineEvent, sink: any EventSink, router: inout EventRouter, logger: any EngineLogger
    ) -> Bool {
        sink.emit(event)
        let (lines, accepted) = router.publish(ListenerEvent(event))
        for line in lines { logger.log(line.level, line.message) }
        return accepted
    }

    /// Offers a listener-only event (TICK, PROCESS_LOG, PROCESS_COMMUNICATION) to the pools.
    func deliver(_ event: ListenerEvent) {
        let (lines, accepted) = router.publish(event)
        log(lines)
        if accepted {
            poolsTookEventsThisPass = true
            poke()
        }
    }

    private func log(_ lines: [EventRouter.LogLine]) {
        for line in lines { logger.log(line.level, line.message) }
    }

    // MARK: - Output from the runtime

    /// Output of a child that matters to events: a listener's protocol bytes, or a logged / captured chunk.
    public func childOutput(_ output: ChildOutput) {
        switch output {
        case .listenerStdout(let pid, let bytes):
            guard let key = pidTable[pid] else { return }
            listenerWrote(bytes, key: key)
        case .logged(let pid, let channel, let data):
            guard let key = pidTable[pid] else { return }
            deliver(.processLog(process: key.name, group: key.group, pid: pid, stderr: channel == .stderr, data: data))
        case .communication(let pid, let channel, let data):
            guard let key = pidTable[pid] else { return }
            deliver(.processCommunication(
                process: key.name, group: key.group, pid: pid, stderr: channel == .stderr, data: data))
            logger.log(.debug, "'\(key.name)' \(channel.rawValue) emitted a comm event")
        case .notify(let pid, let message):
            guard let key = pidTable[pid] else { return }
            notifyReceived(message, from: key, pid: pid)
        case .readyLine(let pid):
            guard let key = pidTable[pid] else { return }
            readinessPassed(key, pid: pid, reason: "a log line matched")
        }
    }

    /// Parses a listener's stdout and acts on what it meant, logging as Supervisor's dispatcher does.
    private func listenerWrote(_ bytes: [UInt8], key: ProcessKey) {
        guard var parser = processes[key]?.listener else { return }
        var state = parser.state
        let outcomes = parser.feed(bytes)
        processes[key]?.listener = parser
        let name = key.name
        for outcome in outcomes {
            switch outcome {
            case .becameReady:
                logTransition(name, state, .ready)
                state = .ready
                processes[key]?.inFlight = nil
            case .result(let body):
                if body == Array("OK".utf8) {
                    logger.log(.debug, "\(name): event was processed")
                    logTransition(name, state, .acknowledged)
                    processes[key]?.inFlight = nil
                } else {
                    logger.log(.warn, "\(name): event was rejected")
                    logTransition(name, state, .acknowledged)
                    rejectInFlightEvent(of: key)
                }
                state = .acknowledged
            case .protocolViolation(let line):
                if let line { logger.log(.warn, line) }
                logTransition(name, state, .unknown)
                state = .unknown
                rejectInFlightEvent(of: key)
            }
        }
        poke()
    }

    private func logTransition(_ name: String, _ from: ListenerState, _ to: ListenerState) {
        logger.log(.debug, "\(name): \(from.name) -> \(to.name)")
        if to == .unknown {
            logger.log(
                .warn,
                "\(name): has entered the UNKNOWN state and will no longer receive events, this usually indicates "
                    + "the process violated the eventlistener protocol")
        }
    }

    /// The listener rejected its event, broke the protocol while busy, or died busy: the event goes back to the
    /// head of its pool's buffer (Supervisor's `EventRejectedEvent` + `handle_rejected`).
    func rejectInFlightEvent(of key: ProcessKey) {
        guard let entry = processes[key]?.inFlight, let priority = processes[key]?.config.priority else { return }
        processes[key]?.inFlight = nil
        // Supervisor's `handle_rejected` in every pool: "is this process one of mine" compares by priority.
        let pools = groups.filter { group in
            guard case .eventListenerPool = group.config.kind else { return false }
            return group.processNames.contains {
                processes[ProcessKey(group: group.config.name, name: $0)]?.config.priority == priority
            }
        }.map(\.config.name)
        log(router.rebuffer(entry, intoPools: pools))
    }

    // MARK: - Dispatch

    /// The pool's part of a pass: while a member is RUNNING and READY, send it the oldest buffered event.
    func dispatch(pool name: String) {
        guard let group = groups.first(where: { $0.config.name == name }) else { return }
        let members = group.processNames.map { ProcessKey(group: name, name: $0) }
        guard members.contains(where: isReadyForEvents) else { return }
        while let entry = router.takeNext(pool: name) {
            guard send(entry, pool: name, members: members) else {
                log(router.rebuffer(entry, pool: name))
                break
            }
        }
    }

    private func isReadyForEvents(_ key: ProcessKey) -> Bool {
        guard let record = processes[key] else { return false }
        return record.machine.state == .running && record.listener?.state == .ready
    }

    /// Writes the envelope to the first ready member; a closed stdin (EPIPE) moves on to the next one.
    private func send(_ entry: EventBuffer.Entry, pool: String, members: [ProcessKey]) -> Bool {
        for key in members where isReadyForEvents(key) {
            guard let record = processes[key] else { continue }
            let envelope = entry.event.envelope(
                server: identifier, serial: entry.serial, pool: pool, poolSerial: entry.poolSerial)
            guard record.machine.pid != 0, !record.machine.killing,
                runtime.writeStdin(envelope, to: record.machine.pid) == .written
            else {
                logger.log(
                    .debug,
                    "epipe occurred while sending event \(entry.serial) to listener \(key.name), listener state unchanged")
                continue
            }
            processes[key]?.listener?.eventSent()
            processes[key]?.inFlight = entry
            logger.log(.debug, "event \(entry.serial) sent to listener \(key.name)")
            return true
        }
        return false
    }

    // MARK: - Ticks

    /// Supervisor's `tick`: at the end of a pass, a TICK_P whenever the wall clock's P-second slice changed since the
    /// last pass (the first pass only records the slices).
    func emitTicks(at now: Moment) {
        for period in [5, 60, 3600] {
            let slice = Int(now.wall - now.wall.truncatingRemainder(dividingBy: Double(period)))
            guard let last = tickSlices[period] else {
                tickSlices[period] = slice
                continue
            }
            if slice != last {
                tickSlices[period] = slice
                if let event = ListenerEvent.tick(period: period, when: slice) { deliver(event) }
            }
        }
    }
}
