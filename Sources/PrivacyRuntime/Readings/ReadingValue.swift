/// A reading's value as a source found it: plain decimal Wh, or a ciphertext its meter made (`readings.encoding`).
public enum ReadingValue: Sendable, Hashable {
    /// The value in Wh, exactly as written.
    case plain(ExactDecimal)
    /// The value in integer units of the policy's resolution, encrypted at the meter under the utility's key.
    case encrypted(MeterCiphertext)
}
