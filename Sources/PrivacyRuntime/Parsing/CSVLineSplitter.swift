/// Splits one CSV line into fields (RFC 4180 quoting with `""` escapes; a record may not span lines).
public enum CSVLineSplitter {
    /// Why a line could not be split.
    public struct Failure: Error, Sendable {
        /// 1-based column of the problem.
        public let column: Int
        /// What is wrong.
        public let message: String
    }

    /// The fields of `line`, unquoted; throws where the quoting is broken.
    public static func split(_ line: String, separator: Character = ",") throws(Failure) -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var quotedField = false
        var afterQuote = false
        var column = 0
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let char = pending ?? iterator.next() {
            pending = nil
            column += 1
            if inQuotes {
                if char == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\""); column += 1 } else { inQuotes = false; afterQuote = true; pending = next }
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    current.append(char)
                }
            } else if char == separator {
                fields.append(current)
                current = ""
                quotedField = false
                afterQuote = false
            } else if afterQuote {
                throw Failure(column: column, message: "unexpected character after a closing quote")
            } else if char == "\"" {
                guard current.isEmpty, !quotedField else {
                    throw Failure(column: column, message: "quote inside an unquoted field")
                }
                inQuotes = true
                quotedField = true
            } else {
                current.append(char)
            }
        }
        if inQuotes { throw Failure(column: column, message: "unterminated quoted field") }
        fields.append(current)
        return fields
    }
}
