import Paillier

/// A non-negative rational number `numerator / denominator`, kept exact: the samplers' parameters (a
/// scale, a variance, a probability) never pass through floating point.
public struct ExactRatio: Sendable, Equatable {
    /// The numerator (≥ 0).
    public let numerator: BigInteger
    /// The denominator (> 0).
    public let denominator: BigInteger

    /// `numerator / denominator`; nil when the numerator is negative or the denominator not positive.
    public init?(_ numerator: BigInteger, _ denominator: BigInteger) {
        guard numerator.signum >= 0, denominator.signum > 0 else { return nil }
        self.numerator = numerator
        self.denominator = denominator
    }

    /// `numerator / denominator` for small values; nil as above.
    public init?(_ numerator: Int64, _ denominator: Int64) {
        self.init(BigInteger(numerator), BigInteger(denominator))
    }

    /// ⌊self⌋.
    public var floor: BigInteger { numerator.floorDivided(by: denominator) }

    /// True when the value is at most 1.
    var isAtMostOne: Bool { !(denominator < numerator) }

    /// `self - ⌊self⌋`, in `[0, 1)`.
    var fractionalPart: ExactRatio {
        ExactRatio(unchecked: numerator.quotientAndRemainder(dividingBy: denominator).remainder, denominator)
    }

    /// `self / divisor` for a positive integer divisor.
    func divided(by divisor: BigInteger) -> ExactRatio {
        ExactRatio(unchecked: numerator, denominator * divisor)
    }

    /// Wraps values the caller has already checked.
    init(unchecked numerator: BigInteger, _ denominator: BigInteger) {
        self.numerator = numerator
        self.denominator = denominator
    }
}
