import Glibc

/// `bind(2)` with any `sockaddr_*` value.
public func bindSocket<Address>(_ fd: Int32, to address: inout Address) -> Int32 {
    withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<Address>.size)) }
    }
}
