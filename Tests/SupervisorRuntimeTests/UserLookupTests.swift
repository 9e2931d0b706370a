import Glibc
import Testing

@testable import SupervisorRuntime

@Suite struct UserLookupTests {
    @Test func findsNobodyByNameAndByUid() throws {
        let byName = try UserLookup.lookup("nobody")
        #expect(byName.uid == 65534)
        #expect(byName.gid == 65534)
        #expect(byName.groups.first == byName.gid)
        #expect(try UserLookup.lookup("65534") == byName)
        #expect(try UserLookup.lookup(uid: 65534) == byName)
        #expect(byName.spawnUser == SpawnUser(uid: 65534, gid: 65534, groups: byName.groups))
    }

    @Test func rootHasItsGroups() throws {
        let root = try UserLookup.lookup("root")
        #expect(root.uid == 0)
        #expect(root.home == "/root")
        #expect(root.groups.contains(0))
    }

    @Test func unknownUsersUseSupervisorsMessages() {
        #expect(throws: UserLookupError(message: "Can't find username 'no-such-user-xyz'")) {
            try UserLookup.lookup("no-such-user-xyz")
        }
        #expect(throws: UserLookupError(message: "Can't find uid 4000000")) {
            try UserLookup.lookup("4000000")
        }
    }
}
