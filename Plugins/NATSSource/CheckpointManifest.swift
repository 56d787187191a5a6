import Crypto
import Foundation

/// The entry that makes a checkpoint in a key-value bucket complete: the covered stream sequence and, in order,
/// the chunks whose concatenation is the sealed checkpoint, each with its size and SHA-256. It is written after
/// every chunk, so a checkpoint whose writing was cut off (a torn write) has no manifest and is never loaded.
struct CheckpointManifest: Codable, Equatable {
    /// One chunk of the sealed checkpoint.
    struct Chunk: Codable, Equatable {
        /// Its key in the bucket.
        var key: String
        /// Its size in bytes.
        var bytes: Int
        /// SHA-256 of its bytes, lowercase hex.
        var sha256: String
    }

    /// The `format` of every manifest.
    static let currentFormat = "privacy-runtime checkpoint manifest v1"

    /// Always `currentFormat`.
    var format = Self.currentFormat
    /// The stream sequence the checkpoint covers.
    var sequence: UInt64
    /// The chunks, in order.
    var chunks: [Chunk]

    /// The manifest of `sealed` split into chunks of at most `chunkBytes` under `keyPrefix.<index>`, with the chunks.
    static func split(_ sealed: [UInt8], sequence: UInt64, chunkBytes: Int, keyPrefix: String) -> (CheckpointManifest, [[UInt8]]) {
        let pieces = stride(from: 0, to: max(sealed.count, 1), by: chunkBytes).map { Array(sealed[$0..<min($0 + chunkBytes, sealed.count)]) }
        let chunks = pieces.enumerated().map { index, piece in
            Chunk(key: "\(keyPrefix).\(index)", bytes: piece.count, sha256: hex(piece))
        }
        return (CheckpointManifest(sequence: sequence, chunks: chunks), pieces)
    }

    /// SHA-256 of `bytes` as lowercase hex.
    static func hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The manifest's JSON.
    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self))
    }

    /// A manifest from its JSON; nil when it is not one of this format.
    static func decode(_ bytes: [UInt8]) -> CheckpointManifest? {
        guard let manifest = try? JSONDecoder().decode(CheckpointManifest.self, from: Data(bytes)),
              manifest.format == currentFormat else { return nil }
        return manifest
    }
}
