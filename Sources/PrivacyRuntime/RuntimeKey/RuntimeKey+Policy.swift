import Policy
import RuntimeKeys

extension RuntimeKey {
    /// The key `policy` names with `runtime_key:`, or nil when it names none. Fails with a
    /// `RuntimeError` naming the policy file when the file is missing, readable by group or others,
    /// malformed, or another kind of key (a Paillier private or public key, or the exported public half).
    public static func load(for policy: Policy) throws -> RuntimeKey? {
        guard let url = policy.runtimeKeyPath else { return nil }
        do {
            return try RuntimeKey.load(contentsOf: url)
        } catch {
            throw RuntimeError.invalidRun("\(policy.fileURL.path): error: runtime_key: \(error)")
        }
    }
}
