/// Finds a top-level string member's value in JSON text without decoding it, so a secret can be parsed
/// straight from the (wiped) file buffer instead of through a `String`.
enum JSONMemberLocator {
    /// The byte range of the value of top-level member `name` when that value is a string without
    /// escapes; nil otherwise. The text is assumed to be a JSON object that has already decoded.
    static func stringValue(of name: String, in text: UnsafeRawBufferPointer) -> Range<Int>? {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        let wanted = Array(name.utf8)
        var depth = 0
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == quote {
                let start = index + 1
                var end = start
                var escaped = false
                while end < text.count && text[end] != quote {
                    if text[end] == backslash {
                        escaped = true
                        end += 1
                    }
                    end += 1
                }
                guard end < text.count else { return nil }
                var next = end + 1
                while next < text.count && isWhitespace(text[next]) { next += 1 }
                let isKey = next < text.count && text[next] == UInt8(ascii: ":")
                if depth == 1 && isKey && !escaped && text[start..<end].elementsEqual(wanted) {
                    next += 1
                    while next < text.count && isWhitespace(text[next]) { next += 1 }
                    guard next < text.count, text[next] == quote else { return nil }
                    let valueStart = next + 1
                    var valueEnd = valueStart
                    while valueEnd < text.count && text[valueEnd] != quote {
                        if text[valueEnd] == backslash { return nil }
                        valueEnd += 1
                    }
                    return valueEnd < text.count ? valueStart..<valueEnd : nil
                }
                index = end + 1
                continue
            }
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { depth -= 1 }
            index += 1
        }
        return nil
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
