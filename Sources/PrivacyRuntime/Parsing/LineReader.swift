#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor line by line in fixed-size chunks, so memory stays bounded whatever the file size
/// and whatever its lines: a line longer than `maxLineBytes` is skipped as it is read, never held whole.
/// Lines end with `\n` (a trailing `\r` is dropped); invalid UTF-8 is replaced, not fatal.
struct LineReader {
    /// A read failure, with the input's name.
    struct ReadError: Error, CustomStringConvertible {
        let description: String
    }

    /// One line as read.
    enum Line {
        /// A line within the limit, without its terminator.
        case text(String)
        /// A line longer than the limit: its first bytes (at most `shownBytes`) and its length in bytes.
        case tooLong(prefix: String, bytes: Int)
    }

    /// The default longest line: 64 KiB.
    static let standardMaxLineBytes = 1 << 16
    /// How much of an over-long line `Line.tooLong` keeps, for the rejects file.
    static let shownBytes = 200

    private let fd: Int32
    private let name: String
    private let ownsDescriptor: Bool
    /// The longest line returned as text, in bytes without the terminator.
    let maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    /// The 1-based number of the last line returned.
    private(set) var lineNumber = 0

    /// Reads `fd` (not closed by `close()` unless `ownsDescriptor`).
    init(fd: Int32, name: String, ownsDescriptor: Bool, maxLineBytes: Int = LineReader.standardMaxLineBytes) {
        self.fd = fd
        self.name = name
        self.ownsDescriptor = ownsDescriptor
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// Opens a file for reading; the error names the file and the system's reason.
    init(path: String, maxLineBytes: Int = LineReader.standardMaxLineBytes) throws(ReadError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(description: "cannot open '\(path)': \(String(cString: strerror(errno)))") }
        self.init(fd: fd, name: path, ownsDescriptor: true, maxLineBytes: maxLineBytes)
    }

    /// The next line without its terminator, or nil at end of input; a line over the limit is an error.
    mutating func next() throws(ReadError) -> String? {
        switch try nextLine() {
        case .text(let line): return line
        case .tooLong(_, let bytes): throw ReadError(description: "'\(name)' line \(lineNumber) is \(bytes) bytes long, more than \(maxLineBytes)")
        case nil: return nil
        }
    }

    /// The next line, or nil at end of input. Of a line longer than `maxLineBytes`, only `shownBytes` are kept:
    /// the rest is dropped chunk by chunk as it is read.
    mutating func nextLine() throws(ReadError) -> Line? {
        while true {
            if let newline = newline(from: start) {
                return take(upTo: newline, next: newline + 1)
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                return take(upTo: buffer.count, next: buffer.count)
            }
            if buffer.count - start > maxLineBytes { return try skipLongLine() }
            try fill()
        }
    }

    /// The line from `start` to `end` (a trailing `\r` dropped); the next line starts at `next`.
    private mutating func take(upTo end: Int, next: Int) -> Line {
        var end = end
        if end > start, buffer[end - 1] == 0x0D { end -= 1 }
        let bytes = end - start
        let line: Line = bytes > maxLineBytes
            ? .tooLong(prefix: String(decoding: buffer[start..<start + min(Self.shownBytes, bytes)], as: UTF8.self), bytes: bytes)
            : .text(String(decoding: buffer[start..<end], as: UTF8.self))
        start = next
        lineNumber += 1
        return line
    }

    /// Drops the current line, already longer than the limit, up to its end; memory stays at one chunk.
    private mutating func skipLongLine() throws(ReadError) -> Line {
        let prefix = String(decoding: buffer[start..<start + min(Self.shownBytes, buffer.count - start)], as: UTF8.self)
        var bytes = 0
        while true {
            if let newline = newline(from: start) {
                bytes += newline - start
                start = newline + 1
                break
            }
            bytes += buffer.count - start
            start = buffer.count
            if atEnd { break }
            try fill()
        }
        lineNumber += 1
        return .tooLong(prefix: prefix, bytes: bytes)
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

    /// The index of the first newline in `buffer` at or after `from`, or nil.
    private func newline(from: Int) -> Int? {
        buffer.withUnsafeBufferPointer { $0.firstIndex(of: 0x0A, from: from, to: $0.count) }
    }

    /// Bytes held in memory now (read ahead or not yet returned), for tests of the bound.
    var bufferedBytes: Int { buffer.capacity }

    /// Closes the descriptor if this reader opened it.
    func close() {
        if ownsDescriptor { closeDescriptor(fd) }
    }
}
