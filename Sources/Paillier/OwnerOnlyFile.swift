import Foundation

/// Files only their owner may read: private keys and key shares are written with mode 0600 and refused
/// when group or others may access them.
enum OwnerOnlyFile {
    /// Writes `bytes` to `url` with mode 0600 (also when the file already existed); `what` names the
    /// file in messages ("private key file").
    static func write(_ bytes: UnsafeRawBufferPointer, to url: URL, what: String) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw PaillierError(.invalidKeyFile, "cannot write \(what) \(url.path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else {
            throw PaillierError(.invalidKeyFile, "cannot set mode 0600 on \(url.path): \(String(cString: strerror(errno)))")
        }
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw PaillierError(.invalidKeyFile, "cannot write \(what) \(url.path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Throws unless `url` exists and neither group nor others may access it.
    static func checkMode(of url: URL, what: String) throws {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw PaillierError(.invalidKeyFile, "cannot read \(what) \(url.path): \(String(cString: strerror(errno)))")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw PaillierError(
                .insecureKeyFile,
                "\(what) \(url.path) is accessible by group or others (mode \(String(mode, radix: 8))); run `chmod 600 \(url.path)`")
        }
    }

    /// Checks the mode, then reads the whole file into wiped-on-release memory (no `Data` copy).
    static func read(_ url: URL, what: String) throws -> SecretBytes {
        try checkMode(of: url, what: what)
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw PaillierError(.invalidKeyFile, "cannot read \(what) \(url.path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw PaillierError(.invalidKeyFile, "cannot read \(what) \(url.path): \(String(cString: strerror(errno)))")
        }
        let size = Int(info.st_size)
        guard size <= 1 << 20 else {
            throw PaillierError(.invalidKeyFile, "\(url.path) is \(size) bytes, too large for a \(what)")
        }
        let contents = SecretBytes(capacity: size)
        while contents.count < size {
            let got = Foundation.read(descriptor, contents.buffer.baseAddress! + contents.count, size - contents.count)
            if got < 0 {
                if errno == EINTR { continue }
                throw PaillierError(.invalidKeyFile, "cannot read \(what) \(url.path): \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            contents.extend(by: got)
        }
        return contents
    }
}
