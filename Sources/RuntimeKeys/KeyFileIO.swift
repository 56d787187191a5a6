import Foundation

/// The file-system side of key files: create-only writes with a fixed mode, reads with readable errors.
public enum KeyFileIO {
    /// Writes `data` to a new file at `url` with `mode` (umask ignored); fails if the file exists.
    public static func createNew(_ data: Data, at url: URL, mode: mode_t) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw RuntimeKeyError.fileExists(url.path) }
            throw RuntimeKeyError.writeFailed(url.path, reason: lastError)
        }
        defer { close(descriptor) }
        guard fchmod(descriptor, mode) == 0 else { throw RuntimeKeyError.writeFailed(url.path, reason: lastError) }
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw RuntimeKeyError.writeFailed(url.path, reason: lastError)
                }
                offset += written
            }
        }
        guard fsync(descriptor) == 0 else { throw RuntimeKeyError.writeFailed(url.path, reason: lastError) }
    }

    /// The permission bits of `url`, or a `missingFile` error naming it as `what`.
    public static func permissions(of url: URL, what: String) throws -> UInt32 {
        var info = stat()
        guard stat(url.path, &info) == 0 else { throw RuntimeKeyError.missingFile(url.path, what: what, reason: lastError) }
        return UInt32(info.st_mode) & 0o777
    }

    /// The contents of `url`, or a `missingFile` error naming it as `what`.
    public static func read(_ url: URL, what: String) throws -> Data {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw RuntimeKeyError.missingFile(url.path, what: what, reason: lastError) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw RuntimeKeyError.missingFile(url.path, what: what, reason: "\(error)")
        }
    }

    /// Overwrites `data` with zeros in place (it holds secret bytes we own).
    public static func wipe(_ data: inout Data) {
        data.resetBytes(in: data.startIndex..<data.endIndex)
    }

    private static var lastError: String { String(cString: strerror(errno)) }
}
