/// A small seeded generator for the simulator, so a fleet is reproducible from its seed.
///
/// Not for anything secret: keys and encryption randomness come from the OS CSPRNG in `Paillier`.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    /// Seeds the generator.
    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }
}
