import Foundation
import Glibc

/// A new directory under /tmp (short paths: unix socket names must fit in 108 bytes); `remove()` deletes it.
public final class TempDirectory: Sendable {
    public let path: String

    /// - Parameter prefix: the name's start (`/tmp/PREFIX-XXXXXX`); transcripts that mask paths match on it.
    public init(prefix: String = "st") throws {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw HarnessError("mkdtemp failed: errno \(errno)") }
        path = String(cString: made)
    }

    public func file(_ name: String) -> String { path + "/" + name }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A test harness step failed (a socket, a temporary directory, a program that did not finish).
public struct HarnessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
