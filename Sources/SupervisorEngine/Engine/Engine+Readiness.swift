extension Engine {
    /// An sd_notify message arrived from the tree of the process `key` (its current child is `pid`).
    func notifyReceived(_ message: NotifyMessage, from key: ProcessKey, pid: Int32) {
    }

    /// The readiness check of `key`'s current child `pid` passed.
    func readinessPassed(_ key: ProcessKey, pid: Int32, reason: String) {
    }
}
