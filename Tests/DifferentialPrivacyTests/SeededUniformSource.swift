import DifferentialPrivacy
import Paillier

/// A reproducible source for the distribution tests only (SplitMix64); the library has no seeded source,
/// so no policy can reach one.
struct SeededUniformSource: UniformIntegerSource {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func uniform(below bound: BigInteger) -> BigInteger {
        if let small = bound.int64Value {
            let limit = UInt64(small)
            let rejectBelow = (0 &- limit) % limit  // 2^64 mod limit: the biased low values
            while true {
                let draw = next()
                if draw >= rejectBelow { return BigInteger(Int64(draw % limit)) }
            }
        }
        let bits = bound.bitWidth
        let count = (bits + 7) / 8
        while true {
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
            bytes[0] &= UInt8(0xFF >> (count * 8 - bits))
            let candidate = BigInteger(bigEndianMagnitude: bytes)
            if candidate < bound { return candidate }
        }
    }

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
