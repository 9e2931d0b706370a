import Glibc

/// A passwd entry plus the groups a child running as this user gets.
public struct UserRecord: Sendable, Hashable {
    public let name: String
    public let uid: uid_t
    public let gid: gid_t
    public let home: String
    /// getgrouplist(name, gid): the primary gid first, then every group that
    /// lists the user, which is the list Supervisor's `drop_privileges`
    /// passes to setgroups.
    public let groups: [gid_t]

    /// What `SpawnSpec.user` needs.
    public var spawnUser: SpawnUser {
        SpawnUser(uid: uid, gid: gid, groups: groups)
    }
}

/// Why a user could not be resolved; `message` is Supervisor's text.
public struct UserLookupError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Resolves program `user=` values in the parent, before any fork.
///
/// The child must not read /etc/passwd or /etc/group (NSS is not
/// async-signal-safe), so the groups are computed here once.
public enum UserLookup {
    /// Looks up a user name, or a uid when `user` is all digits, as
    /// Supervisor's `drop_privileges` does (`int(user)` first).
    ///
    /// - Throws: `Can't find username 'x'` or `Can't find uid 123`.
    public static func lookup(_ user: String) throws(UserLookupError) -> UserRecord {
        if let uid = uid_t(user) {
            return try lookup(uid: uid)
        }
        guard let record = passwd(name: user) else {
            throw UserLookupError(message: "Can't find username \(PythonRepr.string(user))")
        }
        return record
    }

    /// Looks up a uid.
    ///
    /// - Throws: `Can't find uid 123`.
    public static func lookup(uid: uid_t) throws(UserLookupError) -> UserRecord {
        guard let record = passwd(uid: uid) else {
            throw UserLookupError(message: "Can't find uid \(uid)")
        }
        return record
    }

    // MARK: - libc

    private static func passwd(name: String) -> UserRecord? {
        withPasswdBuffer { entry, buffer, size, result in
            getpwnam_r(name, entry, buffer, size, result)
        }
    }

    private static func passwd(uid: uid_t) -> UserRecord? {
        withPasswdBuffer { entry, buffer, size, result in
            getpwuid_r(uid, entry, buffer, size, result)
        }
    }

    /// Calls a getpw*_r function, growing the buffer on ERANGE.
    private static func withPasswdBuffer(
        _ call: (
            UnsafeMutablePointer<Glibc.passwd>,
            UnsafeMutablePointer<CChar>,
            Int,
            UnsafeMutablePointer<UnsafeMutablePointer<Glibc.passwd>?>
        ) -> Int32
    ) -> UserRecord? {
        var size = max(Int(sysconf(Int32(_SC_GETPW_R_SIZE_MAX))), 1024)
        while size <= 1 << 20 {
            var entry = Glibc.passwd()
            var result: UnsafeMutablePointer<Glibc.passwd>?
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: size)
            defer { buffer.deallocate() }
            let rc = call(&entry, buffer, size, &result)
            if rc == ERANGE {
                size *= 2
                continue
            }
            if rc == EINTR {
                continue
            }
            guard rc == 0, result != nil else {
                return nil
            }
            let name = String(cString: entry.pw_name)
            return UserRecord(
                name: name,
                uid: entry.pw_uid,
                gid: entry.pw_gid,
                home: entry.pw_dir.map { String(cString: $0) } ?? "",
                groups: groupList(name: name, gid: entry.pw_gid)
            )
        }
        return nil
    }

    private static func groupList(name: String, gid: gid_t) -> [gid_t] {
        var count: Int32 = 32
        while true {
            var groups = [gid_t](repeating: 0, count: Int(count))
            var found = count
            if getgrouplist(name, gid, &groups, &found) >= 0 {
                return Array(groups.prefix(Int(found)))
            }
            // -1: too small; glibc stored the size it needs in `found`.
            count = max(found, count * 2)
        }
    }
}
