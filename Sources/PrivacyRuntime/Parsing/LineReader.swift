#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor line by line in fixed-size chunks, so memory stays bounded whatever the file size.
/// Lines end with `\n` (a trailing `\r` is dropped); invalid UTF-8 is replaced, not fatal.
struct LineReader {
    /// A read failure, with the input's name.
    struct ReadError: Error, CustomStringConvertible {
        let description: String
    }

    private let fd: Int32
    private let name: String
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    /// The 1-based number of the last line returned.
    private(set) var lineNumber = 0

    /// Reads `fd` (not closed by `close()` unless `ownsDescriptor`).
    init(fd: Int32, name: String, ownsDescriptor: Bool) {
        self.fd = fd
        self.name = name
        self.ownsDescriptor = ownsDescriptor
    }

    /// Opens a file for reading; the error names the file and the system's reason.
    init(path: String) throws(ReadError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(description: "cannot open '\(path)': \(String(cString: strerror(errno)))") }
        self.init(fd: fd, name: path, ownsDescriptor: true)
    }

    /// The next line without its terminator, or nil at end of input.
    mutating func next() throws(ReadError) -> String? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                var end = newline
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                lineNumber += 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                var end = buffer.count
                if buffer[end - 1] == 0x0D { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = buffer.count
                lineNumber += 1
                return line
            }
            try fill()
        }
    }

    private mutating func fill() throws(ReadError) {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        let chunk = 1 << 16
        let oldCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        var count = -1
        buffer.withUnsafeMutableBytes { raw in
            repeat {
                count = read(fd, raw.baseAddress! + oldCount, chunk)
            } while count < 0 && errno == EINTR
        }
        guard count >= 0 else {
            buffer.removeLast(chunk)
            throw ReadError(description: "cannot read '\(name)': \(String(cString: strerror(errno)))")
        }
        buffer.removeLast(chunk - count)
        if count == 0 { atEnd = true }
    }

    /// Closes the descriptor if this reader opened it.
    func close() {
        if ownsDescriptor { closeDescriptor(fd) }
    }
}
