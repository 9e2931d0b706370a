/// The methods one daemon publishes: `MethodRegistry`'s `supervisor.*` and `system.*`, plus every `supervisor.*`
/// method again under each extra namespace an `[rpcinterface:NAME]` section with the main factory asks for.
///
/// As in Supervisor, where each such section makes another instance of the main interface: `system.listMethods`,
/// `methodHelp` and `methodSignature` see the names `NAME.X` (a `NAME` with a dot is listed but, like any
/// three-part name, cannot be called), a section named `system` changes nothing, and a call answers exactly as
/// `supervisor.X` does.
struct PublishedMethods: Sendable {
    /// Wire name -> method (the `supervisor.*` one for an alias, so help and signature follow).
    let byName: [String: RPCMethod]
    /// The names in `system.listMethods` order (sorted).
    let sortedNames: [String]

    /// - Parameter namespaces: the `[rpcinterface:NAME]` names (with the main factory), in file order; `supervisor`
    ///   is served whether or not it is among them.
    ///   `listExtensions`: list our own `swiftsupervisor.*` methods too (they are callable either way).
    init(namespaces: [String], listExtensions: Bool = false) {
        var byName = MethodRegistry.byName
        for namespace in namespaces where namespace != "supervisor" && namespace != "system" {
            for method in MethodRegistry.all where method.name.hasPrefix("supervisor.") {
                byName[namespace + method.name.dropFirst("supervisor".count)] = method
            }
        }
        let listed = listExtensions ? MethodRegistry.extensionMethods.map(\.name) : []
        sortedNames = (Array(byName.keys) + listed).sorted()
        for method in MethodRegistry.extensionMethods { byName[method.name] = method }
        self.byName = byName
    }
}
