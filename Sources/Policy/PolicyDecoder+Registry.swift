extension PolicyDecoder {
    /// The `registry:` section: `path` and `authority_key`, both required.
    mutating func decodeRegistry(_ node: YAMLNode) -> RegistryReference? {
        do {
            var reader = MappingReader(entries: try node.decodeMapping(for: "registry"), location: node.location, context: "registry")
            defer { diagnostics += reader.diagnostics + reader.unreadKeys() }
            let path = reader.value("path", required: true) { node throws(Diagnostic) in try node.decodeNonEmptyString(for: "registry.path") }
            let key = reader.value("authority_key", required: true) { node throws(Diagnostic) in
                let text = try node.decodeNonEmptyString(for: "registry.authority_key")
                guard RegistryReference.isKeyShaped(text) else {
                    throw .error("'registry.authority_key' must be the registry authority's Ed25519 public key: 43 base64url characters, as `privacy-runtime registry keygen` prints", at: node.location)
                }
                return text
            }
            guard let path, let key else { return nil }
            return RegistryReference(path: PolicyPath.resolve(path, against: baseDirectory), authorityKey: key)
        } catch {
            diagnostics.append(error)
            return nil
        }
    }
}
