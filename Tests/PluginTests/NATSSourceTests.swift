import Foundation
import Logging
@testable import NATSSource
import Policy
import PrivacyRuntime
import PrivacyRuntimeTesting
import XCTest

/// The `nats` source against the loopback nats-server of `scripts/services.sh`: each test has a stream of its own.
final class NATSSourceTests: XCTestCase {
    private func configuration(
        _ url: String, _ stream: NATSTestStream, startSequence: UInt64 = 1, idle: Duration = .seconds(2)
    ) -> NATSSourceConfiguration {
        NATSSourceConfiguration(
            connection: NATSConnectionSettings(url: url), stream: stream.name, subject: "\(stream.prefix).>",
            startSequence: startSequence, fetchCount: 64, idleTimeout: idle)
    }

    /// Everything `source` yields until its stream ends, records and rejects apart.
    private static func drain(_ source: NATSSource) async throws -> (readings: [TestFleet.Reading], rejects: [RejectedReading]) {
        var readings: [TestFleet.Reading] = []
        var rejects: [RejectedReading] = []
        while let batch = try await source.nextBatch(maxCount: 100) {
            for item in batch {
                switch item {
                case .record(let record):
                    readings.append(TestFleet.Reading(
                        meterID: record.meterID, region: record.region, timestamp: record.timestamp,
                        milliWh: record.value!.units(decimalPlaces: 3)!))
                case .malformed(let rejected):
                    rejects.append(rejected)
                }
            }
        }
        await source.close()
        return (readings, rejects)
    }

    private func payload(_ reading: TestFleet.Reading) -> String {
        #"{"timestamp":\#(reading.timestamp),"energy_wh":\#(reading.energyText)}"#
    }

    /// Publishes `readings` to `stream` in order, one JSON message each.
    private func publish(_ readings: [TestFleet.Reading], to stream: NATSTestStream) throws {
        for reading in readings {
            _ = try stream.publish(region: reading.region, meter: reading.meterID, payload: payload(reading))
        }
    }

    /// The fleet published with `publish --nats`'s publisher (every reading acknowledged by the stream), then one policy
    /// run over the stream: every window decrypts to the sum the test computes from the input, none missing or doubled.
    func testFleetPublishedWithStreamAcksDecryptsToTheInputSums() async throws {
        let nats = try TestServices.require().nats()
        let stream = try NATSTestStream(url: nats.url)
        let fleet = TestFleet(regions: ["north", "south", "east"], metersPerRegion: 4, hours: 2, seed: 11)
        let publisher = try NATSPublisher(settings: NATSConnectionSettings(url: nats.url), window: 100)
        let summary = try CSVReplay(input: try fleet.writeCSV(), topicPrefix: stream.prefix).run(with: publisher) { XCTFail($0) }
        XCTAssertEqual(summary.published, fleet.readings.count)
        XCTAssertEqual(publisher.acknowledged, fleet.readings.count, "every reading acknowledged by the stream")
        XCTAssertEqual(try stream.messageCount(), UInt64(fleet.readings.count))

        let sink = CapturingSink()
        var registry = StageRegistry.builtIn
        NATSSourcePlugin.register(in: &registry)
        registry.register(sink: "capture") { _ in { _ in sink } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nats-e2e-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let policy = try PolicyLoader.load(
            yaml: """
                policy: regional-nats
                scope: region
                window: 1h
                lateness: 5m
                source:
                  type: nats
                  url: \(nats.url)
                  stream: \(stream.name)
                  subject: \(stream.prefix).>
                  idle_timeout: 2s
                \(TestPolicyText.testKeySum)
                sinks:
                  - type: capture
                rejects: rejects.jsonl
                """,
            fileName: "nats.yaml", baseDirectory: directory, environment: [:], catalog: registry)
        var options = RunOptions()
        options.logger = .init(label: "nats-test") { _ in SwiftLogNoOpLogHandler() }
        let run = try await PipelineRunner(policies: [policy], registry: registry, options: options).run()
        XCTAssertEqual(run.policies[0].accepted, fleet.readings.count)
        XCTAssertEqual(run.policies[0].rejectedTotal, 0)
        var decrypted: [String: Int64] = [:]
        for aggregate in sink.aggregates {
            let window = try DecryptedAggregate(aggregate)
            XCTAssertNil(decrypted[window.key.description], "\(window.key) released twice")
            decrypted[window.key.description] = window.total
            XCTAssertEqual(window.meters, 4)
        }
        XCTAssertEqual(decrypted, fleet.regionHourTotals())
    }

    /// A malformed payload is rejected with its stream sequence as position; the readings around it are all read.
    func testMalformedPayloadIsRejectedWithItsSequenceAndCostsThatMessageOnly() async throws {
        let nats = try TestServices.require().nats()
        let stream = try NATSTestStream(url: nats.url)
        let fleet = TestFleet(regions: ["north"], metersPerRegion: 3, hours: 1, seed: 12)
        var badSequence: UInt64 = 0
        for (index, reading) in fleet.readings.enumerated() {
            if index == 5 { badSequence = try stream.publish(region: "north", meter: "m-bad", payload: "{\"timestamp\": oops") }
            _ = try stream.publish(region: reading.region, meter: reading.meterID, payload: payload(reading))
        }
        let source = try NATSSource(configuration: configuration(nats.url, stream))
        let (readings, rejects) = try await Self.drain(source)
        XCTAssertEqual(readings, fleet.readings)
        XCTAssertEqual(rejects.count, 1)
        XCTAssertEqual(rejects.first?.position, SourcePosition(source: "nats:\(stream.prefix).north.m-bad", line: Int(badSequence)))
        XCTAssertEqual(rejects.first?.reason, .malformed)
        let last = await source.lastSequence
        XCTAssertEqual(last, UInt64(fleet.readings.count + 1))
    }

    /// Starting at a sequence reads exactly the messages from it on, and `lastSequence` ends at the stream's last.
    func testStartSequenceSkipsWhatCameBefore() async throws {
        let nats = try TestServices.require().nats()
        let stream = try NATSTestStream(url: nats.url)
        let fleet = TestFleet(regions: ["north", "south"], metersPerRegion: 2, hours: 1, seed: 13)
        var sequences: [UInt64] = []
        for reading in fleet.readings {
            sequences.append(try stream.publish(region: reading.region, meter: reading.meterID, payload: payload(reading)))
        }
        let start = 17
        let source = try NATSSource(configuration: configuration(nats.url, stream, startSequence: sequences[start]))
        let (readings, rejects) = try await Self.drain(source)
        XCTAssertEqual(rejects.count, 0)
        XCTAssertEqual(readings, Array(fleet.readings[start...]))
        let last = await source.lastSequence
        XCTAssertEqual(last, sequences.last)

        // Resuming after the last sequence read finds nothing more until something is published.
        let resumed = try NATSSource(configuration: configuration(nats.url, stream, startSequence: last + 1, idle: .seconds(1)))
        let nothing = try await Self.drain(resumed)
        XCTAssertEqual(nothing.readings, [])
    }

    /// A checkpoint's resume point that the stream no longer holds (its limits dropped the messages after it) stops
    /// the start with one line: reading on from the first message left would complete the checkpoint's open windows
    /// without those readings. A plain start_sequence before the first message just starts there.
    func testResumingAfterMessagesTheStreamDroppedIsRefused() async throws {
        let nats = try TestServices.require().nats()
        let stream = try NATSTestStream(url: nats.url)
        let fleet = TestFleet(regions: ["north"], metersPerRegion: 2, hours: 1, seed: 15)
        try publish(fleet.readings, to: stream)
        try stream.purge(before: 10)
        var resuming = configuration(nats.url, stream, startSequence: 5, idle: .seconds(1))
        resuming.resumesCheckpoint = true
        XCTAssertThrowsError(try NATSSource(configuration: resuming)) { error in
            XCTAssertEqual((error as? NATSError)?.code, .invalidSettings, "\(error)")
            XCTAssertTrue("\(error)".contains("no longer holds sequence 5") && "\(error)".contains("its first is 10"), "\(error)")
        }
        let plain = try NATSSource(configuration: configuration(nats.url, stream, startSequence: 5, idle: .seconds(1)))
        let (readings, _) = try await Self.drain(plain)
        XCTAssertEqual(readings, Array(fleet.readings[9...]), "a plain start reads from the first message left")
        resuming.startSequence = 10
        let atTheFirst = try NATSSource(configuration: resuming)
        let (resumed, _) = try await Self.drain(atTheFirst)
        XCTAssertEqual(resumed.count, fleet.readings.count - 9)
    }

    /// The stream lag the source reports (`privacy_runtime_stream_lag_messages`): what the stream holds beyond the
    /// messages handed to the pipeline, falling to 0 once everything was read.
    func testBacklogCountsTheMessagesNotYetRead() async throws {
        let nats = try TestServices.require().nats()
        let stream = try NATSTestStream(url: nats.url)
        let fleet = TestFleet(regions: ["north", "south"], metersPerRegion: 5, hours: 2, seed: 14)
        try publish(fleet.readings, to: stream)
        let source = try NATSSource(configuration: configuration(nats.url, stream, idle: .seconds(1)))
        let before = await source.backlog
        XCTAssertNil(before, "unknown before the first message")
        var read = 0
        var lags: [Int] = []
        while let batch = try await source.nextBatch(maxCount: 50) {
            read += batch.count
            if let lag = await source.backlog { lags.append(lag) }
            if read == 50 { XCTAssertEqual(lags.last, fleet.readings.count - 50, "the rest of the stream") }
        }
        XCTAssertEqual(read, fleet.readings.count)
        XCTAssertEqual(lags.last, 0, "nothing left once everything was read")
        XCTAssertEqual(lags, lags.sorted(by: >), "the lag only falls while nothing is published")
        await source.close()
    }

    /// A pipeline slower than the idle timeout (the buffer stays full for longer than it) still gets every message:
    /// the idle timeout counts time without messages to fetch, not time spent waiting for the pipeline.
    func testPipelineSlowerThanTheIdleTimeoutLosesNothing() async throws {
        let nats = try TestServices.require().nats()
        let stream = try NATSTestStream(url: nats.url)
        let fleet = TestFleet(regions: ["north"], metersPerRegion: 5, hours: 1, seed: 14)
        try publish(fleet.readings, to: stream)
        var settings = configuration(nats.url, stream, idle: .seconds(1))
        settings.fetchCount = 10
        settings.bufferCapacity = 10
        let source = try NATSSource(configuration: settings)
        var received: [TestFleet.Reading] = []
        var pauses = 0
        while let batch = try await source.nextBatch(maxCount: 20) {
            for case .record(let record) in batch {
                received.append(TestFleet.Reading(
                    meterID: record.meterID, region: record.region, timestamp: record.timestamp,
                    milliWh: record.value!.units(decimalPlaces: 3)!))
            }
            if pauses < 2 {
                pauses += 1
                try await Task.sleep(for: .milliseconds(1500))
            }
        }
        await source.close()
        XCTAssertEqual(received, fleet.readings)
    }

    /// nats-server restarted while the source reads: the reader makes a new consumer at its next sequence, so every
    /// message arrives once, none lost, none twice.
    func testServerRestartMidReadLosesAndDoublesNothing() async throws {
        let services = try TestServices.require()
        let nats = try services.nats()
        let stream = try NATSTestStream(url: nats.url)
        let fleet = TestFleet(regions: ["north", "south"], metersPerRegion: 5, hours: 2, seed: 15)
        try publish(fleet.readings, to: stream)
        var settings = configuration(nats.url, stream, idle: .seconds(10))
        settings.fetchCount = 10
        settings.bufferCapacity = 20
        let source = try NATSSource(configuration: settings)
        var received: [TestFleet.Reading] = []
        var restarted = false
        while let batch = try await source.nextBatch(maxCount: 10) {
            for case .record(let record) in batch {
                received.append(TestFleet.Reading(
                    meterID: record.meterID, region: record.region, timestamp: record.timestamp,
                    milliWh: record.value!.units(decimalPlaces: 3)!))
            }
            if !restarted, received.count >= 50 {
                restarted = true
                try services.control("nats-stop")
                try services.control("nats-start")
            }
        }
        await source.close()
        XCTAssertTrue(restarted)
        XCTAssertEqual(received, fleet.readings)
    }

    /// The login of the test account works; a wrong password is refused at once with the server's reason.
    func testLoginIsUsedAndAWrongPasswordIsRefused() async throws {
        let nats = try TestServices.require().nats()
        let stream = try NATSTestStream(url: nats.url)
        let reading = TestFleet.Reading(meterID: "m-1", region: "north", timestamp: 1_767_225_600, milliWh: 1_250)
        _ = try stream.publish(region: "north", meter: "m-1", payload: payload(reading))
        var settings = configuration(nats.url, stream)
        settings.connection.username = nats.user
        settings.connection.password = nats.password
        let (readings, _) = try await Self.drain(try NATSSource(configuration: settings))
        XCTAssertEqual(readings, [reading])

        settings.connection.password = "wrong"
        let started = ContinuousClock.now
        XCTAssertThrowsError(try NATSSource(configuration: settings)) { error in
            XCTAssertEqual((error as? NATSError)?.code, .connection, "\(error)")
            XCTAssertTrue("\(error)".lowercased().contains("authorization"), "\(error)")
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(10))
    }

    /// TLS (a `tls://` URL) with the test CA and the certificate's name works; a CA that did not sign it, or another
    /// name, is refused at the start with the handshake's reason.
    func testTLSVerifiesTheServerCertificate() async throws {
        let services = try TestServices.require()
        let nats = try services.nats()
        let stream = try NATSTestStream(url: nats.tlsURL, caFile: nats.tlsCA)
        let reading = TestFleet.Reading(meterID: "m-2", region: "south", timestamp: 1_767_225_600, milliWh: 3_500)
        _ = try stream.publish(region: "south", meter: "m-2", payload: payload(reading))
        var settings = configuration(nats.tlsURL, stream)
        settings.connection.caFile = nats.tlsCA
        settings.connection.tlsHostname = "localhost"
        let (readings, _) = try await Self.drain(try NATSSource(configuration: settings))
        XCTAssertEqual(readings, [reading])

        var otherCA = settings
        otherCA.connection.caFile = services.mqttTLSOtherCA
        XCTAssertThrowsError(try NATSSource(configuration: otherCA)) { error in
            XCTAssertEqual((error as? NATSError)?.code, .connection, "\(error)")
            XCTAssertTrue("\(error)".contains("unable to get local issuer certificate"), "\(error)")
        }
        var otherName = settings
        otherName.connection.tlsHostname = "meters.example"
        XCTAssertThrowsError(try NATSSource(configuration: otherName)) { error in
            XCTAssertEqual((error as? NATSError)?.code, .connection, "\(error)")
            XCTAssertTrue("\(error)".contains("hostname mismatch"), "\(error)")
        }
    }

    /// A publish that no stream stores is not counted as delivered: `finish` says so.
    func testPublishThatNoStreamStoresFails() throws {
        let nats = try TestServices.require().nats()
        let publisher = try NATSPublisher(settings: NATSConnectionSettings(url: nats.url), stallTimeout: .seconds(5))
        try publisher.publish(subject: "no-stream-\(UUID().uuidString.prefix(8)).north.m-1", payload: Array("{}".utf8))
        XCTAssertThrowsError(try publisher.finish()) { error in
            XCTAssertEqual((error as? NATSError)?.code, .notAcknowledged, "\(error)")
            XCTAssertTrue("\(error)".contains("stored 0 of 1"), "\(error)")
        }
    }

    /// A source for a subject that no stream captures fails at start, naming the subject.
    func testSubjectWithoutAStreamFailsAtStart() throws {
        let nats = try TestServices.require().nats()
        let subject = "nowhere-\(UUID().uuidString.prefix(8)).>"
        XCTAssertThrowsError(try NATSSource(configuration: NATSSourceConfiguration(
            connection: NATSConnectionSettings(url: nats.url), subject: subject, idleTimeout: .seconds(1)))) { error in
            XCTAssertTrue("\(error)".contains(subject), "\(error)")
        }
    }
}
