import Foundation
import RuntimeKeys

/// Where one policy (and shard) keeps its `ReleasePoint`: a small JSON file in the runtime's state directory,
/// replaced atomically (temporary file, fsync, rename) with mode 0600. With a runtime key the point is sealed
/// (AES-256-GCM, bound to the policy and shard), so a file changed by anyone without the key is refused.
///
/// Sealing cannot stop an older copy of the file being put back (a rollback): the state directory must live in
/// infrastructure the runtime's operator runs, not the key holder (see the README's threat model).
public struct ReleaseStateFile: Sendable {
    /// The file's path.
    public let path: String
    /// The policy the point belongs to.
    public let policy: String
    /// The shard, nil when the instance owns every region.
    public let shard: ShardAssignment?
    private let runtimeKey: RuntimeKey?

    /// The `format` field of every release state file.
    static let format = "privacy-runtime release state v1"

    /// A state file for `policy` (and `shard`) at `path`; `runtimeKey` seals and authenticates it when given.
    public init(path: String, policy: String, shard: ShardAssignment?, runtimeKey: RuntimeKey?) {
        self.path = path
        self.policy = policy
        self.shard = shard.flatMap { $0.count > 1 ? $0 : nil }
        self.runtimeKey = runtimeKey
    }

    /// The file's name in a state directory: `<policy>.release.json`, or `<policy>.shard-K-of-N.release.json`.
    public static func fileName(policy: String, shard: ShardAssignment?) -> String {
        guard let shard, shard.count > 1 else { return "\(policy).release.json" }
        return "\(policy).shard-\(shard.index)-of-\(shard.count).release.json"
    }

    /// The JSON of the file: the plain fields, and with a runtime key only `sealed` (the plain fields' JSON, sealed).
    private struct Wire: Codable {
        var format: String
        var policy: String
        var shard: String?
        var released_through: String?
        var admitted_through: String?
        var runtime_key: String?
        var sealed: String?
    }

    /// The stored point, or nil when the file does not exist (a first run). Throws `ReleaseStateError` for a file
    /// that cannot be read, is not a release state of this policy and shard, or does not authenticate.
    public func load() throws -> ReleasePoint? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ReleaseStateError.unreadable(path, (error as NSError).localizedDescription)
        }
        let outer = try decode(data)
        switch (outer.sealed, runtimeKey) {
        case (nil, nil):
            return try point(outer)
        case (let sealed?, let key?):
            guard let bytes = Data(base64Encoded: sealed) else { throw ReleaseStateError.malformed(path, "'sealed' is not base64") }
            let inner: Data
            do {
                inner = try key.open(bytes, associatedData: associatedData)
            } catch {
                throw ReleaseStateError.notAuthentic(path, "does not authenticate under runtime key \(key.keyID)")
            }
            return try point(try decode(inner))
        case (nil, let key?):
            throw ReleaseStateError.notAuthentic(path, "is not sealed, but the policy names runtime key \(key.keyID)")
        case (_?, nil):
            throw ReleaseStateError.notAuthentic(path, "is sealed under runtime key \(outer.runtime_key ?? "?"), but the policy names no runtime_key")
        }
    }

    /// Replaces the file with `point` (atomically, 0600; sealed under the runtime key when there is one).
    public func save(_ point: ReleasePoint) throws {
        let plain = Wire(format: Self.format, policy: policy, shard: shard?.description,
                         released_through: point.releasedThrough.map(RFC3339.format),
                         admitted_through: point.admittedThrough.map(RFC3339.format))
        var stored = plain
        do {
            if let runtimeKey {
                let sealed = try runtimeKey.seal(try encode(plain), associatedData: associatedData)
                stored = Wire(format: Self.format, policy: policy, shard: shard?.description,
                              runtime_key: runtimeKey.keyID, sealed: sealed.base64EncodedString())
            }
            try AtomicFile.replace(path, with: Array(try encode(stored)) + [0x0A])
        } catch {
            throw ReleaseStateError.writeFailed(path, "\(error)")
        }
    }

    /// What the seal binds besides the point: the format, policy and shard, so a file cannot be moved to another.
    private var associatedData: Data {
        Data("\(Self.format)\n\(policy)\n\(shard?.description ?? "all")".utf8)
    }

    private func encode(_ wire: Wire) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(wire)
    }

    private func decode(_ data: Data) throws -> Wire {
        guard let wire = try? JSONDecoder().decode(Wire.self, from: data), wire.format == Self.format else {
            throw ReleaseStateError.malformed(path, "not a '\(Self.format)' JSON object")
        }
        guard wire.policy == policy, wire.shard == shard?.description else {
            throw ReleaseStateError.malformed(path, "it belongs to policy '\(wire.policy)' shard \(wire.shard ?? "all"), not '\(policy)' shard \(shard?.description ?? "all")")
        }
        return wire
    }

    private func point(_ wire: Wire) throws -> ReleasePoint {
        func time(_ text: String?, _ field: String) throws -> Int64? {
            guard let text else { return nil }
            guard let value = RFC3339.parse(text) else { throw ReleaseStateError.malformed(path, "'\(field)' is not an RFC 3339 time") }
            return value
        }
        return ReleasePoint(releasedThrough: try time(wire.released_through, "released_through"),
                            admittedThrough: try time(wire.admitted_through, "admitted_through"))
    }
}
