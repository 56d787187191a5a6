#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for appending lines (created 0600 with its directory if missing); writes go straight to the
/// file descriptor, so a crash loses nothing already appended.
final class AppendFile {
    /// The file's path.
    let path: String
    private var fd: Int32

    /// Opens `path` for appending; the error names the file and the system's reason.
    init(path: String) throws {
        self.path = path
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !directory.isEmpty { try Self.makeDirectories(directory) }
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw RuntimeError.fileAccess("cannot write '\(path)': \(String(cString: strerror(errno)))") }
    }

    /// Appends `line` and a newline.
    func append(_ line: String) throws {
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw RuntimeError.fileAccess("cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Closes the file.
    func close() {
        if fd >= 0 { closeDescriptor(fd) }
        fd = -1
    }

    deinit { close() }

    /// Creates `directory` and its missing parents with `mode`.
    static func makeDirectories(_ directory: String, mode: mode_t = 0o755) throws {
        var current = directory.hasPrefix("/") ? "" : "."
        for part in directory.split(separator: "/") {
            current += "/" + part
            if mkdir(current, mode) != 0 && errno != EEXIST {
                throw RuntimeError.fileAccess("cannot create directory '\(current)': \(String(cString: strerror(errno)))")
            }
        }
    }
}
