import ArgumentParser
import Foundation
import Paillier

/// Measures the Paillier module's throughput: encryptions/s on one core and on all cores (standard
/// and DJN), decryptions/s and homomorphic additions/s, per key size. A benchmark, not a test.
@main
struct PaillierBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paillier-bench",
        abstract: "Measure Paillier encryption, decryption and addition throughput.")

    @Option(name: .long, parsing: .upToNextOption, help: "Key sizes in bits.")
    var bits: [Int] = [2048, 3072]

    @Option(name: .long, help: "Seconds to spend on each measurement.")
    var seconds: Double = 2

    @Option(name: .long, help: "DJN table digit width in bits (default: the library's choice per key size).")
    var windowBits: Int?

    @Flag(name: .long, help: "Print one JSON object per measurement instead of a table.")
    var json = false

    @Flag(name: .long, help: "Measure threshold Paillier (3 of 5: dealing, partial decryption with proof, verification, combination) instead.")
    var threshold = false

    @Option(name: .long, help: "With --threshold: how many keys to deal per size.")
    var keygenRuns = 3

    func validate() throws {
        for size in bits where !PaillierPrivateKey.supportedBits.contains(size) {
            throw ValidationError("unsupported key size \(size): choose from \(PaillierPrivateKey.supportedBits)")
        }
        guard seconds > 0 else { throw ValidationError("--seconds must be positive") }
        guard keygenRuns > 0 else { throw ValidationError("--keygen-runs must be positive") }
    }

    func run() throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var results: [BenchResult] = []
        if threshold {
            for size in bits {
                results += try ThresholdBench(measurer: Measurer(seconds: seconds), keygenRuns: keygenRuns).results(bits: size)
                if !json { FileHandle.standardError.write(Data("measured \(size)-bit threshold keys\n".utf8)) }
            }
            print(json ? results.map(\.jsonLine).joined(separator: "\n") : BenchResult.table(results, cores: cores))
            return
        }
        for size in bits {
            let measurer = Measurer(seconds: seconds)
            let keygenStart = ContinuousClock.now
            let key = try PaillierPrivateKey.generate(bits: size)
            results.append(BenchResult(bits: size, operation: "keygen_seconds", value: (ContinuousClock.now - keygenStart).seconds))
            let tableStart = ContinuousClock.now
            let djn = try PaillierEncryptor(
                publicKey: key.publicKey, obfuscation: .djn,
                djnWindowBits: windowBits ?? PaillierEncryptor.defaultWindowBits(keyBits: size))
            results.append(BenchResult(bits: size, operation: "djn_setup_seconds", value: (ContinuousClock.now - tableStart).seconds))
            let standard = try PaillierEncryptor(publicKey: key.publicKey, obfuscation: .standard)
            for (name, encryptor) in [("standard", standard), ("djn", djn)] {
                let oneCore = measurer.rate { index in _ = encryptor.encrypt(Int64(index)) }
                results.append(BenchResult(bits: size, operation: "encrypt_\(name)_1core", value: oneCore))
                let batchSize = max(cores * 16, Int(oneCore * Double(cores) * seconds))
                let batch = (0..<batchSize).map { Int64($0) }
                let allCores = measurer.batchRate(count: batchSize) { _ = encryptor.encrypt(batch: batch) }
                results.append(BenchResult(bits: size, operation: "encrypt_\(name)_allcores", value: allCores))
            }
            let pool = djn.encrypt(batch: (0..<512).map { Int64($0) - 256 })
            let decryptions = try measurer.rate { index in _ = try key.decrypt(pool[index % pool.count]) }
            results.append(BenchResult(bits: size, operation: "decrypt_1core", value: decryptions))
            var accumulator = CiphertextAccumulator(publicKey: key.publicKey)
            let additions = measurer.rate { index in accumulator.add(pool[index % pool.count]) }
            results.append(BenchResult(bits: size, operation: "add_1core", value: additions))
            if !json { FileHandle.standardError.write(Data("measured \(size)-bit keys\n".utf8)) }
        }
        print(json ? results.map(\.jsonLine).joined(separator: "\n") : BenchResult.table(results, cores: cores))
    }
}
