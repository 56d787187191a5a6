import Paillier
import PrivacyRuntime

/// One household's decrypted bill for one period: its registers (consumption per band) and amount, as released.
struct DecryptedBill {
    /// The policy's name.
    let policy: String
    /// The household (meter id).
    let household: String
    /// Period start and end, epoch seconds.
    let start: Int64, end: Int64
    /// Readings billed.
    var readings = 0
    /// Released incomplete after a restart (a lower bound).
    var incomplete = false
    /// Consumption per band in 10^-places Wh, in the order released.
    var registers: [(band: String, units: BigInteger, places: Int)] = []
    /// The exact amount in 10^-places of `currency`; nil when the policy releases registers only.
    var amount: (units: BigInteger, places: Int, currency: String)?

    /// Adds a decrypted billing row of `kind`.
    mutating func add(_ record: AggregateRecord, kind: AggregateKind, value: BigInteger) {
        readings = record.readings
        incomplete = incomplete || record.incomplete
        switch kind {
        case .register(let band): registers.append((band, value, record.decimalPlaces))
        case .bill(let currency): amount = (value, record.decimalPlaces, currency)
        case .total: break
        }
    }

    /// The amount rounded half to even to the currency's minor unit, as text ("12.35"); nil without an amount.
    var roundedAmount: String? {
        amount.map { amount in
            let minor = CurrencyRounding.minorUnit(of: amount.currency)
            return DecryptedAggregatePrinter.decimal(CurrencyRounding.round(amount.units, places: amount.places, minorPlaces: minor), places: minor)
        }
    }

    /// The exact amount as text (every released digit).
    var exactAmount: String? { amount.map { DecryptedAggregatePrinter.decimal($0.units, places: $0.places) } }

    /// A register's consumption in Wh as text.
    func consumption(of band: String) -> String? {
        registers.first { $0.band == band }.map { DecryptedAggregatePrinter.decimal($0.units, places: $0.places) }
    }
}
