/// What an aggregate row holds: a window total (every non-billing policy), a billing period's consumption in one
/// band (a register), or its bill. Stored as text in the `kind` column: "", "register:BAND", "bill:CURRENCY".
public enum AggregateKind: Sendable, Hashable, CustomStringConvertible {
    /// A window total in reading units.
    case total
    /// A period's consumption in one band, in reading units.
    case register(String)
    /// A period's bill in 10^-decimal_places of the currency.
    case bill(String)

    /// Parses the stored text; nil for text of no kind.
    public init?(text: String) {
        if text.isEmpty {
            self = .total
        } else if text.hasPrefix("register:"), text.count > 9 {
            self = .register(String(text.dropFirst(9)))
        } else if text.hasPrefix("bill:"), text.count == 8 {
            self = .bill(String(text.dropFirst(5)))
        } else {
            return nil
        }
    }

    /// The stored text.
    public var description: String {
        switch self {
        case .total: ""
        case .register(let band): "register:\(band)"
        case .bill(let currency): "bill:\(currency)"
        }
    }
}
