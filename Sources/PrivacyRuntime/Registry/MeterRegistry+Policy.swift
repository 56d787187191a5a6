import MeterRegistry
import Policy

extension MeterRegistry {
    /// The registry `policy` names with `registry:`, its signature verified under the policy's `authority_key`; nil
    /// when it names none. Fails with a one-line `RuntimeError` naming the policy file when the registry cannot be
    /// read or its signature does not verify.
    public static func load(for policy: Policy) throws -> MeterRegistry? {
        guard let reference = policy.registry else { return nil }
        do {
            return try MeterRegistry.load(contentsOf: reference.path, authorityKey: reference.authorityKey)
        } catch {
            throw RuntimeError.invalidRun("\(policy.fileURL.path): error: registry: \(error)")
        }
    }
}
