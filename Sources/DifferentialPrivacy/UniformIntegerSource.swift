import Paillier

/// Where the samplers' randomness comes from: uniform integers below a bound. Every noise stage uses
/// `SystemUniformSource` (the OS CSPRNG); a policy cannot choose another. Tests pass a seeded source of
/// their own, which exists only in the test targets.
public protocol UniformIntegerSource {
    /// A uniform integer in `[0, bound)`; `bound` is positive.
    mutating func uniform(below bound: BigInteger) -> BigInteger
}

/// Uniform integers from the operating system's CSPRNG (getrandom), never from `gmp_randstate`.
public struct SystemUniformSource: UniformIntegerSource {
    /// A source drawing from the OS CSPRNG.
    public init() {}

    /// A uniform integer in `[0, bound)`.
    public mutating func uniform(below bound: BigInteger) -> BigInteger {
        BigInteger.random(below: bound)
    }
}
