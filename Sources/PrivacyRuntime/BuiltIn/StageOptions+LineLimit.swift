import Policy

extension StageOptions {
    /// The line sources' `max_line_bytes:` (default 64 KiB, from 64 bytes to 16 MiB): a longer line is rejected
    /// as `too_long` without being read into memory whole.
    mutating func maxLineBytes() -> Int {
        int("max_line_bytes", default: LineReader.standardMaxLineBytes, range: 64...(1 << 24))
    }
}
