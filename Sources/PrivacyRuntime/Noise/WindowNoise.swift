import DifferentialPrivacy
import Paillier

/// A noisy policy's draws at release, from the OS CSPRNG (`SystemUniformSource`; a policy cannot choose another):
/// each window's noisy counts, drawn once and kept on the window so every decision about it uses the same draw, and
/// its sum's noise, encrypted under the policy's key and folded into the sealed ciphertext before it is signed.
final class WindowNoise {
    /// The calibration.
    let plan: NoisePlan
    private let encryptor: PaillierEncryptor

    /// Noise under `publicKey` (standard obfuscation: one encryption per released window).
    init(plan: NoisePlan, publicKey: PaillierPublicKey) throws {
        self.plan = plan
        encryptor = try PaillierEncryptor(publicKey: publicKey, obfuscation: .standard)
    }

    /// The window's noisy counts (drawn on first use, then the same): meters and readings plus their noise, at least 0.
    func counts<Payload>(of window: OpenWindow<Payload>) -> NoisyCounts {
        if let counts = window.noisyCounts { return counts }
        let counts = NoisyCounts(meters: Self.noisy(window.meters, plan.meters.noise),
                                 readings: Self.noisy(window.readings, plan.readings.noise))
        window.noisyCounts = counts
        return counts
    }

    /// `sealed` plus an encryption of fresh noise: E(sum)·E(z) = E(sum + z). The draw z lives only in GMP memory,
    /// which the zeroing allocator wipes when it is freed at the end of this call.
    func noisySum(_ sealed: PaillierCiphertext) throws -> PaillierCiphertext {
        var source = SystemUniformSource()
        let noise = plan.sum.noise.sample(using: &source)
        return try encryptor.publicKey.add(sealed, try encryptor.encrypt(noise))
    }

    private static func noisy(_ count: Int, _ noise: any IntegerNoise) -> Int {
        var source = SystemUniformSource()
        let draw = noise.sample(using: &source).int64Value ?? 0
        return Int(max(0, Int64(count) + draw))
    }
}

/// A window's meters and readings counts with their noise, as released and as `min_meters` decides on them.
struct NoisyCounts: Sendable, Equatable {
    /// Distinct meters, noised (sensitivity 1), at least 0.
    let meters: Int
    /// Readings, noised (sensitivity: readings per meter per window), at least 0.
    let readings: Int
}
