/// Maps an input kind (`jsonl`, `sqlite`, …) to a way of opening an `AggregateReader` for a path,
/// so `decrypt --input sqlite:out/billing.sqlite` works for every registered sink format.
public struct AggregateReaderRegistry: Sendable {
    /// Opens a reader for a path; throws a readable error if the path cannot be read.
    public typealias Opener = @Sendable (_ path: String) throws -> any AggregateReader

    private var openers: [String: Opener] = [:]

    /// An empty registry.
    public init() {}

    /// Registers `kind` (replacing an earlier registration of the same kind).
    public mutating func register(_ kind: String, opener: @escaping Opener) {
        openers[kind] = opener
    }

    /// The registered kinds, sorted.
    public var kinds: [String] { openers.keys.sorted() }

    /// Opens `KIND:PATH`; an unknown kind or a missing colon is an error that lists the known kinds.
    public func open(_ input: String) throws -> any AggregateReader {
        guard let colon = input.firstIndex(of: ":"), let opener = openers[String(input[..<colon])] else {
            throw RuntimeError.invalidRun("input '\(input)' must be KIND:PATH with KIND one of: \(kinds.joined(separator: ", "))")
        }
        return try opener(String(input[input.index(after: colon)...]))
    }
}
