import Paillier
import Policy

/// One household period's billing state: one encrypted register per (band, price) the period's readings fell in
/// (a band whose price changes inside the period has two), or, for dynamic prices, one encrypted running bill of
/// reading × interval price. Holds ciphertexts only; every register starts from a fresh encryption of 0.
public final class BillingAccumulator: WindowAccumulator {
    /// A register: a band at one price.
    private struct Register: Hashable {
        let band: String
        let microPrice: Int64
    }

    private let publicKey: PaillierPublicKey
    private let schedule: BillingSchedule
    private var registers: [Register: CiphertextAccumulator] = [:]
    private var count = 0

    /// An empty period under `publicKey`, priced by `schedule`.
    public init(publicKey: PaillierPublicKey, schedule: BillingSchedule) {
        self.publicKey = publicKey
        self.schedule = schedule
    }

    /// The period's opening E(0) (`per_window`); registers get fresh ones of their own as they open.
    public func add(_ ciphertext: PaillierCiphertext) {
        count += 1
    }

    /// Not used: a billing period needs each reading's timestamp (`add(plaintext:at:)`).
    public func add(plaintext units: Int64) {
        preconditionFailure("a billing period folds readings by timestamp")
    }

    /// Folds an encrypted reading into its register; with dynamic prices raised to its interval's price first.
    public func add(_ ciphertext: PaillierCiphertext, at timestamp: Int64) {
        guard let (register, price) = schedule.price(forReadingAt: timestamp) else { return }
        count += 1
        if case .dynamic = schedule.rules.pricing {
            // Admission refused readings without a price; a price is at most a few thousand per kWh, far inside ±n/3.
            let scaled = try! publicKey.multiply(ciphertext, by: BigInteger(price))
            fold(into: Register(band: register, microPrice: 0), seeded: false) { $0.add(scaled) }
        } else {
            fold(into: Register(band: register, microPrice: price), seeded: false) { $0.add(ciphertext) }
        }
    }

    /// Folds a reading as a plaintext into its register (times its price, for dynamic prices), after the register's
    /// fresh E(0).
    public func add(plaintext units: Int64, at timestamp: Int64) {
        guard let (register, price) = schedule.price(forReadingAt: timestamp) else { return }
        if case .dynamic = schedule.rules.pricing {
            // The policy bounds readings.max × |price| below Int64.max (checked at load).
            fold(into: Register(band: register, microPrice: 0), seeded: true) { $0.add(plaintext: units * price) }
        } else {
            fold(into: Register(band: register, microPrice: price), seeded: true) { $0.add(plaintext: units) }
        }
    }

    /// Ciphertexts added so far (the opening E(0) and encrypted readings).
    public var ciphertextCount: Int { count }

    /// The running total of every register (what a `sum` would release); billing releases `parts(start:end:)`.
    public func sealed() -> PaillierCiphertext {
        var total = CiphertextAccumulator(publicKey: publicKey)
        for accumulator in registers.values { total.add(accumulator.sealed()) }
        return total.sealed()
    }

    /// What the period releases, each a fresh encryption: per band name its consumption (readings' units), and the
    /// bill (Σ register^price · E(standing charges), in 10^-billPlaces of the currency), as the policy's release says.
    public func parts(start: Int64, end: Int64) throws -> [(kind: AggregateKind, ciphertext: PaillierCiphertext)] {
        var parts: [(kind: AggregateKind, ciphertext: PaillierCiphertext)] = []
        let rules = schedule.rules
        if rules.release.includesRegisters {
            for band in rules.registers {
                var sum = CiphertextAccumulator(publicKey: publicKey)
                for (register, accumulator) in registers where register.band == band { sum.add(accumulator.sealed()) }
                parts.append((.register(band), try publicKey.rerandomize(sum.sealed())))
            }
        }
        if rules.release.includesBill {
            var bill = CiphertextAccumulator(publicKey: publicKey)
            for (register, accumulator) in registers {
                let sealed = accumulator.sealed()
                if case .dynamic = rules.pricing {
                    bill.add(sealed)
                } else {
                    bill.add(try publicKey.multiply(sealed, by: BigInteger(register.microPrice)))
                }
            }
            let withCharge = try publicKey.add(bill.sealed(), plaintext: BigInteger(schedule.standingCharge(start: start, end: end)))
            parts.append((.bill(rules.currency), try publicKey.rerandomize(withCharge)))
        }
        return parts
    }

    /// Applies `body` to `register`'s accumulator in place, opening it first (`seeded`: from a fresh r^n, so the
    /// plaintexts folded in never sit in it unencrypted).
    private func fold(into register: Register, seeded: Bool, _ body: (inout CiphertextAccumulator) -> Void) {
        if registers[register] == nil {
            var fresh = CiphertextAccumulator(publicKey: publicKey)
            if seeded { fresh.add(try! publicKey.rerandomize(fresh.sealed())) }
            registers[register] = fresh
        }
        body(&registers[register]!)
    }
}
