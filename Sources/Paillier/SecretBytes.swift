import CGMP
import Foundation

/// A byte buffer for secret text (a key share's file, its base64url digits): allocated by hand, so no
/// copy is left behind by a growing array, and overwritten with zeros when released.
final class SecretBytes {
    /// The bytes; valid while this object is alive.
    let buffer: UnsafeMutableRawBufferPointer
    /// How many leading bytes of `buffer` are in use.
    private(set) var count = 0

    /// An empty buffer with room for `capacity` bytes.
    init(capacity: Int) {
        buffer = .allocate(byteCount: max(capacity, 1), alignment: 8)
    }

    deinit {
        cgmp_secure_zero(buffer.baseAddress, buffer.count)
        buffer.deallocate()
    }

    /// The bytes in use.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: buffer[0..<count]) }

    /// Appends `other`; the capacity must suffice (a precondition, not a reallocation).
    func append(_ other: UnsafeRawBufferPointer) {
        precondition(count + other.count <= buffer.count, "SecretBytes capacity exceeded")
        if let source = other.baseAddress, other.count > 0 {
            (buffer.baseAddress! + count).copyMemory(from: source, byteCount: other.count)
        }
        count += other.count
    }

    /// Appends the UTF-8 bytes of non-secret text.
    func append(_ text: String) {
        var copy = text
        copy.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Marks `added` more bytes, written by the caller straight into `buffer`, as in use.
    func extend(by added: Int) {
        precondition(count + added <= buffer.count, "SecretBytes capacity exceeded")
        count += added
    }
}
