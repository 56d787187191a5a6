/// What a run did: records read, and per policy what was accepted, rejected and released.
public struct RunSummary: Sendable, Hashable, CustomStringConvertible {
    /// Input records read from the source (readings and malformed lines).
    public var recordsRead = 0
    /// One summary per policy, in the order the policies were given.
    public var policies: [PolicySummary]
    /// Wall-clock duration of the run in seconds.
    public var elapsedSeconds = 0.0
    /// Whether the run ended by a stop request (SIGINT/SIGTERM) rather than end of input.
    public var stopped = false

    /// An empty summary for the named policies.
    public init(policies: [String]) {
        self.policies = policies.map(PolicySummary.init(policy:))
    }

    /// Several lines: the totals, then one line per policy.
    public var description: String {
        let rate = elapsedSeconds > 0 ? Int(Double(recordsRead) / elapsedSeconds) : 0
        let how = stopped ? "stopped after" : "read"
        let head = "\(how) \(recordsRead) records in \(String(format2: elapsedSeconds)) s (\(rate)/s)"
        return ([head] + policies.map(\.line)).joined(separator: "\n")
    }
}

extension String {
    /// A number with two decimals, without Foundation's locale-dependent formatting.
    init(format2 value: Double) {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        self = "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
