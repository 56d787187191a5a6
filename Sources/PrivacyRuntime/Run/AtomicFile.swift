#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a small file all at once, so a crash leaves either the old contents or the new, never a mix: the
/// bytes go to a temporary file beside it (mode 0600), which is flushed (fsync), renamed over the file, and
/// the directory flushed so the rename itself survives a power cut.
enum AtomicFile {
    /// Writes `bytes` to `path` atomically with mode 0600, creating its directory (0700) if missing. Throws
    /// `RuntimeError.fileAccess` naming the path and the system's reason.
    static func replace(_ path: String, with bytes: [UInt8]) throws {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !directory.isEmpty { try AppendFile.makeDirectories(directory, mode: 0o700) }
        let temporary = "\(path).tmp-\(getpid())"
        func failure(_ step: String) -> RuntimeError {
            RuntimeError.fileAccess("cannot \(step) '\(path)': \(String(cString: strerror(errno)))")
        }
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("create a temporary file for") }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                let error = failure("write")
                _ = close(fd)
                unlink(temporary)
                throw error
            }
            written += count
        }
        guard fchmod(fd, 0o600) == 0, fsync(fd) == 0 else {
            let error = failure("flush")
            _ = close(fd)
            unlink(temporary)
            throw error
        }
        _ = close(fd)
        guard rename(temporary, path) == 0 else {
            let error = failure("replace")
            unlink(temporary)
            throw error
        }
        let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            _ = close(directoryFD)
        }
    }
}
