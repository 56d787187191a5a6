/// Where `CSVReplay` sends a fleet's readings: a broker client that publishes one message per reading on the
/// address a meter would use and reports when the broker has taken responsibility for all of them.
public protocol MeterMessagePublisher {
    /// What a region or meter id must look like to be one level of an address, for the message of a line that is
    /// not (e.g. "non-empty and contain no '/', '+' or '#'").
    var levelRule: String { get }

    /// Whether `level` can be the region or meter level of an address.
    func isValidLevel(_ level: String) -> Bool

    /// Publishes `payload` for meter `meterID` of `region` under the address prefix `prefix`, blocking while too
    /// many earlier messages are unacknowledged.
    func publish(prefix: String, region: String, meterID: String, payload: [UInt8]) throws

    /// Waits until every published message is acknowledged, then disconnects; throws if some never were.
    func finish() throws
}
