import ArgumentParser
import Foundation
import Paillier

/// Times threshold Paillier (3 of 5): dealing a key (safe-prime search included), one custodian's
/// partial decryption with its proof, verifying one partial, and combining three (proofs verified).
/// Times are CPU seconds of the calling thread, so other load on the machine does not inflate them.
struct ThresholdBench {
    /// The time budget per rate measurement.
    let measurer: Measurer
    /// How many keys to deal per size (safe-prime search time varies from key to key).
    let keygenRuns: Int

    /// The measurements for `bits`-bit keys.
    func results(bits: Int) throws -> [BenchResult] {
        var times: [Double] = []
        var dealing: ThresholdDealing?
        for _ in 0..<keygenRuns {
            let start = Measurer.threadCPUSeconds()
            dealing = try ThresholdKeyGeneration.deal(bits: bits, threshold: 3, shares: 5)
            times.append(Measurer.threadCPUSeconds() - start)
        }
        guard let dealing else { return [] }
        let key = dealing.publicKey
        let encryptor = try PaillierEncryptor(publicKey: key.paillier, obfuscation: .standard)
        let ciphertext = encryptor.encrypt(123_456)
        let context = Array("aggregate identity".utf8)
        let partials = try dealing.shares.prefix(3).map { try $0.decrypt(ciphertext, context: context) }
        let combiner = ThresholdCombiner(publicKey: key)
        guard try combiner.combine(ciphertext, context: context, partials: partials).plaintext == BigInteger(123_456) else {
            throw ValidationError("threshold decryption of the benchmark ciphertext gave a wrong value")
        }
        let decryptRate = try measurer.rate { _ in _ = try dealing.shares[1].decrypt(ciphertext, context: context) }
        let verifyRate = measurer.rate { _ in _ = partials[0].verify(ciphertext, context: context, key: key) }
        let combineRate = try measurer.rate { _ in _ = try combiner.combine(ciphertext, context: context, partials: partials) }
        return [
            BenchResult(bits: bits, operation: "threshold_keygen_mean_seconds", value: times.reduce(0, +) / Double(times.count)),
            BenchResult(bits: bits, operation: "threshold_keygen_min_seconds", value: times.min()!),
            BenchResult(bits: bits, operation: "threshold_keygen_max_seconds", value: times.max()!),
            BenchResult(bits: bits, operation: "partial_decrypt_proof_1core", value: decryptRate),
            BenchResult(bits: bits, operation: "partial_verify_1core", value: verifyRate),
            BenchResult(bits: bits, operation: "combine_3_verified_1core", value: combineRate),
        ]
    }
}
