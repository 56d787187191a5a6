/// Why a reading was rejected; the raw value is what the rejects file and the run summary show.
public enum RejectReason: String, Sendable, Hashable, CaseIterable, Codable {
    /// The line has the wrong shape (bad CSV quoting, not a JSON object, wrong number of columns).
    case malformed
    /// The line is longer than the source's `max_line_bytes`; it was skipped without being read whole.
    case tooLong = "too_long"
    /// A required field (meter id, region, timestamp, value) is missing or empty.
    case missingField = "missing_field"
    /// The meter id or region contains a control character (a tab, a newline, an escape sequence).
    case badIdentifier = "bad_id"
    /// The value is not a plain decimal number.
    case badNumber = "bad_number"
    /// The timestamp is not RFC 3339.
    case badTimestamp = "bad_timestamp"
    /// The value has more fraction digits than the policy's resolution.
    case tooPrecise = "too_precise"
    /// The value is outside the policy's `readings` min/max.
    case outOfRange = "out_of_range"
    /// The timestamp is not on the policy's `readings.interval` grid: one reading per interval, so that coverage
    /// counts intervals and a meter cannot add readings between them.
    case offGrid = "off_grid"
    /// The same meter already sent a reading with this timestamp (in a window that is still open).
    case duplicate
    /// The reading's window was already closed when it arrived.
    case late
    /// The timestamp lies further ahead of the host's clock than the policy's `max_clock_skew`, or further ahead of the
    /// fleet's time than its `watermark.max_ahead`.
    case future
    /// The reading's window was released already, by this run or one before a restart; a window is released once.
    case alreadyReleased = "already_released"
    /// The policy names a meter registry, and the meter is not in it or the reading names another region than the
    /// registry gives the meter.
    case unknownMeter = "unknown_meter"
    /// The registry holds the meter's key, and the reading carries no signature, or one that is not the meter's
    /// over (meter id, timestamp, value).
    case badSignature = "bad_signature"
    /// The reading is encrypted at the meter and the policy accepts plain readings only, or plain and the policy
    /// accepts encrypted readings only (`readings.encoding`).
    case wrongEncoding = "wrong_encoding"
    /// The reading was encrypted under another key than the policy's (its `key_id`).
    case wrongKey = "wrong_key"
    /// The encrypted value is not a ciphertext of the policy's key: not of the form `{"v", "e", "key_id"}`, outside
    /// 0 < c < n², sharing a factor with n, or with an exponent other than 0.
    case badCiphertext = "bad_ciphertext"
}
