import ArgumentParser
import Foundation
import Logging
import Paillier
import Policy
import PrivacyRuntime

/// `privacy-runtime bench`: runs policies (by default the shipped regional and billing ones) end to end over a
/// simulated fleet into SQLite files in a temporary folder, and compares the throughput with the all-core
/// encryption rate measured in the same process on the same key. A subcommand rather than its own executable
/// so it measures the shipped binary with the build's own stage registry (SQLite sink included).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure end-to-end throughput and peak memory against the encryption rate of the same run.")

    @Option(name: .customLong("policy"), help: "A policy whose source and sinks are replaced; repeat for several.")
    var policies: [String] = ["policies/regional-statistics.yaml", "policies/billing.yaml"]

    @Option(help: "Simulated meters.")
    var meters = 10_000

    @Option(help: "Simulated regions (meter i is in region i mod regions).")
    var regions = 100

    @Option(help: "Time between two readings of a meter (a policy duration: 5m, 864s, 1d).")
    var interval = "5m"

    @Option(help: "Simulated days; readings = meters × days × (1d / interval).")
    var days = 1

    @Option(name: .customLong("public-key"), help: "Encrypt under this public key instead of the policies' own.")
    var publicKey: String?

    @Option(help: "Set the policies' encryption mode (per_reading or per_window) instead of their own.")
    var mode: String?

    @Option(name: .customLong("encryption-sample"), help: "Readings encrypted for the encryption rate (before and after the run).")
    var encryptionSample = 16_384

    @Option(help: "Homomorphic additions timed on one thread.")
    var additions = 200_000

    @Flag(name: .customLong("meter-encrypted"), help: "Meters encrypt their readings: the fleet is encrypted under the policies' key before the timed part (all cores) and written as JSON Lines, which the timed run reads with readings.encoding: encrypted.")
    var meterEncrypted = false

    func run() async throws {
        try await FatalErrorReport.reporting { try await measure() }
    }

    private func measure() async throws {
        var logger = Logger(label: "privacy-runtime-bench")
        logger.logLevel = .warning
        let registry = CLIEnvironment.registry
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("privacy-runtime-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var loaded = try policies.map { try benchPolicy($0, folder: folder, registry: registry) }
        guard let encryptor = try await registry.makeEncryptor(
            loaded[0].encrypt, context: StageContext(policy: loaded[0], logger: logger)) as? PaillierEncryptorStage
        else { throw CLIError("bench measures the 'paillier' encryptor; policy '\(loaded[0].name)' uses '\(loaded[0].encrypt.type)'") }
        let batchSize = RunOptions().batchSize
        var preparation: String?
        if meterEncrypted {
            let file = folder.appendingPathComponent("meter-encrypted.jsonl")
            let started = ContinuousClock.now
            let count = try await MeterEncryptedFleet.write(
                simulatedFleet(), encryptor: encryptor, decimalPlaces: loaded[0].readings.decimalPlaces, to: file)
            preparation = "meter-encrypted: \(count) readings encrypted at the 'meters' before the timed part (\(Self.format(Self.seconds(since: started))) s, not timed), read as JSON Lines with readings.encoding: encrypted"
            loaded = try policies.map { try benchPolicy($0, folder: folder, registry: registry, encryptedFleet: file) }
        }

        let encryptionBefore = await Self.encryptionRate(encryptor, readings: encryptionSample, batchSize: batchSize)
        let rssBefore = PeakMemory.currentBytes()
        let peakWasReset = PeakMemory.resetPeak()
        let cpuBefore = Self.processCPUSeconds()
        let openWindows = OpenWindowSampler()
        var options = RunOptions()
        options.logger = logger
        options.progress = { openWindows.record(openWindows: $0.openWindows) }
        let summary = try await PipelineRunner(policies: loaded, registry: registry, options: options).run()
        let rssPeak = PeakMemory.peakBytes()
        let runCPU = Self.processCPUSeconds() - cpuBefore
        let encryptionAfter = await Self.encryptionRate(encryptor, readings: encryptionSample, batchSize: batchSize)
        let additionRate = try await Self.additionRate(encryptor, additions: additions)

        let endToEnd = Double(summary.recordsRead) / summary.elapsedSeconds
        let encryption = (encryptionBefore.wall + encryptionAfter.wall) / 2
        let encryptionPerCPU = (encryptionBefore.perCPUSecond + encryptionAfter.perCPUSecond) / 2
        let endToEndPerCPU = Double(summary.recordsRead) / runCPU
        let encrypted = summary.policies.map(\.accepted).max() ?? 0
        let insideEncryption = Double(encrypted) / encryption / summary.elapsedSeconds
        let insideEncryptionCPU = Double(encrypted) / encryptionPerCPU / runCPU
        let key = encryptor.publicKey
        let highest = openWindows.highest
        var lines = [
            "policies: " + loaded.map { "\($0.name) (\($0.scope.rawValue), \($0.window.text))" }.joined(separator: ", "),
            "key: \(key.bits) bits, kid \(key.keyID); \(encryptor.sharingKey); mode \(encryptor.mode.rawValue)",
            "fleet: \(meters) meters, \(regions) regions, one reading per meter every \(interval), \(days) day(s)",
            "readings: \(summary.recordsRead) in \(Self.format(summary.elapsedSeconds)) s = \(Self.format(endToEnd)) readings/s end to end",
            "encryption, all cores, same key, batches of \(batchSize): \(Self.format(encryptionBefore.wall))/s before the run, \(Self.format(encryptionAfter.wall))/s after, mean \(Self.format(encryption))/s",
            "ratio end-to-end / encryption: \(Self.percent(endToEnd / encryption)) (target >= 85%)",
            "per CPU second (robust to other load): end to end \(Self.format(endToEndPerCPU)), encryption \(Self.format(encryptionPerCPU)), ratio \(Self.percent(endToEndPerCPU / encryptionPerCPU))",
            meterEncrypted
                ? "time outside encryption: not estimated (the meters encrypted; the runtime encrypts \(encryptor.mode == .perWindow ? "one 0 per window" : "nothing"))"
                : encryptor.mode == .perWindow
                ? "time outside encryption: not estimated (per_window encrypts one 0 per window, not each reading)"
                : "time outside encryption: \(Self.percent(max(0, 1 - insideEncryption))) of wall time, \(Self.percent(max(0, 1 - insideEncryptionCPU))) of CPU time (1 - encrypted readings / encryption rate / run time)",
            "additions (CiphertextAccumulator.add, one thread): \(Self.format(additionRate.perCPUSecond))/s per core (CPU time), \(Self.format(additionRate.perWallSecond))/s wall (target >= 250000/s per core at 2048 bits)",
            "peak RSS\(peakWasReset ? " during the run" : " of the process"): \(Self.megabytes(rssPeak)) (\(rssPeak ?? 0) bytes; RSS before the run: \(Self.megabytes(rssBefore)))",
            "open windows, most sampled (progress reports, once a second): \(highest.openWindows), RSS then: \(Self.megabytes(highest.residentBytes)) (\(highest.residentBytes ?? 0) bytes)",
        ]
        if let preparation { lines.insert(preparation, at: 3) }
        lines += summary.policies.map(\.line)
        print(lines.joined(separator: "\n"))
    }

    /// Loads `path` with its source replaced by the simulated fleet, its sinks by one SQLite file in `folder`,
    /// its key by `--public-key` when given, and its `readings.interval`, when it declares one, by `--interval`.
    /// With `encryptedFleet`, the source is that JSON Lines file instead, with `readings.encoding: encrypted`.
    private func benchPolicy(_ path: String, folder: URL, registry: StageRegistry, encryptedFleet: URL? = nil) throws -> Policy {
        let url = URL(fileURLWithPath: path)
        let original: String
        do {
            original = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw CLIError("cannot read policy \(path): \(error.localizedDescription)")
        }
        var text = BenchPolicyText(original)
        if let encryptedFleet {
            text.replace(section: "source", with: "source:\n  type: jsonl\n  path: \(encryptedFleet.path)\n  max_line_bytes: 16384\n")
            text.set(option: "encoding", to: "encrypted", in: "readings")
        } else {
            text.replace(section: "source", with: """
                source:
                  type: simulate
                  meters: \(meters)
                  regions: \(regions)
                  interval: \(interval)
                  days: \(days)
                  seed: 1
                """)
        }
        let stem = url.deletingPathExtension().lastPathComponent
        text.replace(section: "sinks", with: """
            sinks:
              - type: sqlite
                path: \(folder.appendingPathComponent("\(stem).sqlite").path)
            """)
        if let publicKey {
            text.replace(section: "encrypt", with: """
                encrypt:
                  type: paillier
                  public_key: \(URL(fileURLWithPath: publicKey).path)
                """)
        }
        if let mode {
            guard EncryptionMode(rawValue: mode) != nil else {
                throw CLIError("--mode must be one of \(EncryptionMode.allCases.map(\.rawValue).joined(separator: ", ")), not '\(mode)'")
            }
            text.set(option: "mode", to: mode, in: "encrypt")
        }
        let policy = try PolicyLoader.load(yaml: text.text, fileName: url.lastPathComponent,
                                           baseDirectory: url.deletingLastPathComponent(), catalog: registry)
        guard policy.readings.interval != nil else { return policy }
        // The simulated meters report every --interval: a policy that declares the meters' interval gets that one.
        text.set(option: "interval", to: interval, in: "readings")
        return try PolicyLoader.load(yaml: text.text, fileName: url.lastPathComponent,
                                     baseDirectory: url.deletingLastPathComponent(), catalog: registry)
    }

    /// The fleet the `simulate` source plays with these options (seed 1, from 2024-01-01T00:00:00Z).
    private func simulatedFleet() throws -> SimulatedFleet {
        guard let step = PolicyDuration(interval), step.seconds > 0 else { throw CLIError("--interval '\(interval)' is not a duration such as 5m") }
        return SimulatedFleet(meters: meters, regions: regions, intervalSeconds: step.seconds, days: days, seed: 1,
                              start: RFC3339.parse("2024-01-01T00:00:00Z")!)
    }

    /// Readings per wall-clock second `encrypt(batch:)` achieves on every core, in batches of the pipeline's size,
    /// and per CPU second of the process.
    private static func encryptionRate(_ encryptor: PaillierEncryptorStage, readings: Int, batchSize: Int) async
        -> (wall: Double, perCPUSecond: Double) {
        let values = (0..<batchSize).map { Int64($0 % 997) * 1_000 + 250 }
        _ = try? await encryptor.encrypt(batch: Array(values.prefix(64)))  // warm-up: threads and table pages
        let cpuStarted = processCPUSeconds()
        let started = ContinuousClock.now
        var done = 0
        while done < readings {
            let count = min(batchSize, readings - done)
            _ = try? await encryptor.encrypt(batch: Array(values.prefix(count)))
            done += count
        }
        return (Double(done) / seconds(since: started), Double(done) / (processCPUSeconds() - cpuStarted))
    }

    /// Homomorphic additions per second into one accumulator on this thread, per CPU second and per wall second.
    private static func additionRate(_ encryptor: PaillierEncryptorStage, additions: Int) async throws
        -> (perCPUSecond: Double, perWallSecond: Double) {
        let ciphertexts = try await encryptor.encrypt(batch: (0..<256).map { Int64($0) * 1_000 })
        var accumulator = CiphertextAccumulator(publicKey: encryptor.publicKey)
        let cpuStarted = threadCPUSeconds()
        let started = ContinuousClock.now
        for index in 0..<additions { accumulator.add(ciphertexts[index & 255]) }
        let wall = seconds(since: started)
        let cpu = threadCPUSeconds() - cpuStarted
        precondition(accumulator.count == additions)
        return (Double(additions) / cpu, Double(additions) / wall)
    }

    /// User and system CPU time of the whole process (all threads).
    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// CPU time of the calling thread.
    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Whole numbers from 100 up, else one decimal.
    private static func format(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : oneDecimal(value)
    }

    private static func percent(_ fraction: Double) -> String {
        oneDecimal(fraction * 100) + "%"
    }

    private static func megabytes(_ bytes: Int?) -> String {
        bytes.map { oneDecimal(Double($0) / 1_048_576) + " MiB" } ?? "unknown"
    }

    private static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
