import CGMP

extension BigInteger {
    /// A uniform integer in `[0, bound)` from the operating system's CSPRNG (`bound` must be positive).
    public static func random(below bound: BigInteger) -> BigInteger {
        precondition(bound.signum > 0, "random(below:) needs a positive bound")
        let value = MPZ()
        SecureRandom.setRandom(value.pointer, below: bound.pointer)
        return BigInteger(storage: value)
    }
}
