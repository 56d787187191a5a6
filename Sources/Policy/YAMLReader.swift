import CYAML

/// Reads one YAML document into located nodes through libyaml's event API.
///
/// The only code in the project that touches libyaml. Keys must be unique scalars, tags must be
/// YAML core tags, and aliases are expanded with a bound on the nodes they produce and on nesting,
/// so a small file cannot blow up into a huge tree ("billion laughs").
struct YAMLReader {
    /// Bounds that keep a hostile file small in memory.
    struct Limits: Sendable {
        /// The most nodes that aliases may produce in total.
        var maxAliasNodes = 10_000
        /// The deepest nesting of sequences and mappings.
        var maxDepth = 64
    }

    /// The outcome: the root node (nil when the file could not be read) and what was found.
    struct Result {
        var root: YAMLNode?
        var diagnostics: [Diagnostic]
    }

    /// The file name used in locations.
    let file: String
    /// The bounds applied while reading.
    var limits = Limits()

    /// Reads `text`; never throws: every problem becomes a located diagnostic.
    func read(_ text: String) -> Result {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { bytes = [0x0A] }
        // libyaml keeps a pointer to the parser itself (its read handler's data), so the parser
        // needs a stable address: heap memory rather than a Swift variable.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            return Result(root: nil, diagnostics: [.error("out of memory reading YAML", at: location(0, 0))])
        }
        defer { yaml_parser_delete(parser) }
        return bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            var builder = YAMLTreeBuilder(file: file, limits: limits)
            while !builder.isDone {
                var event = yaml_event_t()
                guard yaml_parser_parse(parser, &event) == 1 else {
                    builder.diagnostics.append(syntaxError(parser.pointee, bytes: buffer))
                    return Result(root: nil, diagnostics: builder.diagnostics)
                }
                defer { yaml_event_delete(&event) }
                builder.handle(event)
            }
            return Result(root: builder.root, diagnostics: builder.diagnostics)
        }
    }

    private func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line + 1, column: column + 1)
    }

    /// libyaml's error as one located line.
    private func syntaxError(_ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unreadable input"
        if parser.error == YAML_READER_ERROR {
            let offset = min(parser.problem_offset, bytes.count)
            var line = 0
            var lineStart = 0
            for i in 0..<offset where bytes[i] == 0x0A {
                line += 1
                lineStart = i + 1
            }
            let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count
            return .error("invalid YAML: \(problem)", at: location(line, column))
        }
        var message = "invalid YAML: \(problem)"
        if let context = parser.context.map({ String(cString: $0) }) {
            let mark = parser.context_mark
            message += " (\(context) at line \(mark.line + 1), column \(mark.column + 1))"
        }
        return .error(message, at: clamped(Int(parser.problem_mark.line), Int(parser.problem_mark.column), in: bytes))
    }

    /// A mark inside the text: libyaml reports an unexpected end of input on the line after the last one.
    private func clamped(_ line: Int, _ column: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourceLocation {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard line >= lines.count, let last = lines.last else { return location(line, column) }
        return location(lines.count - 1, String(decoding: last, as: UTF8.self).count)
    }
}
