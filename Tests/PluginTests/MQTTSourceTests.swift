import Foundation
@testable import MQTTSource
import PrivacyRuntime
import XCTest

final class MQTTSourceTests: XCTestCase {
    /// A topic prefix of this test's own, so persistent sessions of other runs cannot interfere.
    private func uniquePrefix() -> String { "meters-test-\(UUID().uuidString.prefix(8))" }

    private func configuration(
        _ services: TestServices, prefix: String, shard: ShardAssignment = .all, regions: [String]? = nil,
        idle: Duration? = .seconds(3)
    ) -> MQTTSourceConfiguration {
        MQTTSourceConfiguration(
            host: services.mqttHost, port: services.mqttPort, topic: "\(prefix)/#", format: .json,
            clientID: "test-\(prefix)-\(shard.index)of\(shard.count)", reconnectDelay: 1...2,
            idleTimeout: idle, regions: regions, shard: shard)
    }

    /// Everything `source` yields until its stream ends.
    private static func drain(_ source: MQTTSource) async throws -> [TestFleet.Reading] {
        var readings: [TestFleet.Reading] = []
        while let batch = try await source.nextBatch(maxCount: 256) {
            for item in batch {
                guard case .record(let record) = item else {
                    XCTFail("unexpected reject: \(item)")
                    continue
                }
                readings.append(TestFleet.Reading(
                    meterID: record.meterID, region: record.region, timestamp: record.timestamp,
                    milliWh: record.value!.units(decimalPlaces: 3)!))
            }
        }
        await source.close()
        return readings
    }

    func testTwoShardsTogetherReceiveEveryReadingExactlyOnce() async throws {
        let services = try TestServices.require()
        let fleet = TestFleet(regions: ["north", "south", "east", "west", "central"], metersPerRegion: 4, hours: 1, seed: 1)
        let prefix = uniquePrefix()
        let shards = try (0..<2).map {
            try MQTTSource(configuration: configuration(
                services, prefix: prefix, shard: ShardAssignment(index: $0, count: 2)!, regions: fleet.regions))
        }
        for shard in shards {
            let subscribed = await shard.waitUntilSubscribed(timeout: .seconds(10))
            XCTAssertTrue(subscribed)
        }
        let publisher = try MQTTPublisher(host: services.mqttHost, port: services.mqttPort)
        let summary = try CSVReplay(input: try fleet.writeCSV(), topicPrefix: prefix)
            .run(with: publisher) { XCTFail($0) }
        XCTAssertEqual(summary.published, fleet.readings.count)

        async let first = Self.drain(shards[0])
        async let second = Self.drain(shards[1])
        let received = try await [first, second]
        for (index, readings) in received.enumerated() {
            XCTAssertTrue(readings.allSatisfy { ShardAssignment.shard(of: $0.region, count: 2) == index })
        }
        XCTAssertEqual(received[0].count + received[1].count, fleet.readings.count, "no reading twice")
        XCTAssertEqual(Set(received[0] + received[1]), Set(fleet.readings))
    }

    func testBrokerRestartMidRunLosesNothing() async throws {
        let services = try TestServices.require()
        let fleet = TestFleet(regions: ["north", "south"], metersPerRegion: 5, hours: 2, seed: 2)
        let prefix = uniquePrefix()
        let source = try MQTTSource(configuration: configuration(services, prefix: prefix, idle: .seconds(6)))
        let subscribed = await source.waitUntilSubscribed(timeout: .seconds(10))
        XCTAssertTrue(subscribed)
        let half = fleet.readings.count / 2
        let publisher = try MQTTPublisher(host: services.mqttHost, port: services.mqttPort, clientID: "test-\(prefix)-pub")
        for (index, reading) in fleet.readings.enumerated() {
            if index == half {
                try services.control("mqtt-stop")
                try services.control("mqtt-start")
            }
            let payload = #"{"timestamp":\#(reading.timestamp),"energy_wh":\#(reading.energyText)}"#
            try publisher.publish(topic: "\(prefix)/\(reading.region)/\(reading.meterID)", payload: Array(payload.utf8))
        }
        try publisher.finish()
        let received = try await Self.drain(source)
        // QoS 1 is at-least-once: a redelivery after the restart is possible (the windows reject it as a duplicate).
        XCTAssertEqual(Set(received), Set(fleet.readings))
    }

    func testLoginReachesTheAuthenticatedListener() async throws {
        let services = try TestServices.require()
        let prefix = uniquePrefix()
        var settings = configuration(services, prefix: prefix, idle: .seconds(2))
        settings.port = services.mqttAuthPort
        settings.username = services.mqttUser
        settings.password = services.mqttPassword
        let source = try MQTTSource(configuration: settings)
        let subscribed = await source.waitUntilSubscribed(timeout: .seconds(10))
        XCTAssertTrue(subscribed)
        let publisher = try MQTTPublisher(
            host: services.mqttHost, port: services.mqttAuthPort, username: services.mqttUser, password: services.mqttPassword)
        try publisher.publish(topic: "\(prefix)/north/m-1", payload: Array(#"{"timestamp":1767225600,"energy_wh":1.5}"#.utf8))
        try publisher.finish()
        let received = try await Self.drain(source)
        XCTAssertEqual(received, [TestFleet.Reading(meterID: "m-1", region: "north", timestamp: 1_767_225_600, milliWh: 1_500)])
    }

    /// Over TLS the source verifies the broker's certificate against `cafile`, and on the listener that requires
    /// one it presents `certfile`/`keyfile`; a reading published on the broker's plain listener arrives either way.
    func testTLSAndMutualTLSReceive() async throws {
        let services = try TestServices.require()
        let listeners: [(port: Int, clientCertificate: Bool)] = [(services.mqttTLSPort, false), (services.mqttMutualTLSPort, true)]
        for listener in listeners {
            let prefix = uniquePrefix()
            var settings = configuration(services, prefix: prefix, idle: .seconds(2))
            settings.port = listener.port
            settings.caFile = services.mqttTLSCA
            if listener.clientCertificate {
                settings.certFile = services.mqttTLSClientCert
                settings.keyFile = services.mqttTLSClientKey
            }
            let source = try MQTTSource(configuration: settings)
            let subscribed = await source.waitUntilSubscribed(timeout: .seconds(10))
            XCTAssertTrue(subscribed, "no subscription over TLS on port \(listener.port)")
            let publisher = try MQTTPublisher(host: services.mqttHost, port: services.mqttPort)
            try publisher.publish(topic: "\(prefix)/north/m-1", payload: Array(#"{"timestamp":1767225600,"energy_wh":2.25}"#.utf8))
            try publisher.finish()
            let received = try await Self.drain(source)
            XCTAssertEqual(received, [TestFleet.Reading(meterID: "m-1", region: "north", timestamp: 1_767_225_600, milliWh: 2_250)],
                           "port \(listener.port)")
        }
    }

    /// A broker certificate from another CA, and a listener that wants a client certificate the source does
    /// not have, each end the source with one readable reason instead of retrying in silence.
    func testCertificateFailuresEndTheSourceWithTheReason() async throws {
        let services = try TestServices.require()
        var wrongCA = configuration(services, prefix: uniquePrefix(), idle: .seconds(20))
        wrongCA.port = services.mqttTLSPort
        wrongCA.caFile = services.mqttTLSOtherCA
        var noClientCertificate = configuration(services, prefix: uniquePrefix(), idle: .seconds(20))
        noClientCertificate.port = services.mqttMutualTLSPort
        noClientCertificate.caFile = services.mqttTLSCA
        for (settings, expected) in [(wrongCA, "certificate verify failed"), (noClientCertificate, "certificate required")] {
            // The handshake may fail inside the first connect (creating the source throws) or on the network thread.
            let started = ContinuousClock.now
            var failure: String?
            do {
                let source = try MQTTSource(configuration: settings)
                do {
                    _ = try await source.nextBatch(maxCount: 10)
                } catch {
                    failure = "\(error)"
                }
                await source.close()
            } catch {
                failure = "\(error)"
            }
            let message = try XCTUnwrap(failure, "a certificate failure must end the source with an error (\(expected))")
            XCTAssertTrue(message.hasPrefix("mqtt: TLS with 127.0.0.1:\(settings.port) failed:"), message)
            XCTAssertTrue(message.contains(expected), message)
            XCTAssertLessThan(ContinuousClock.now - started, .seconds(15), "ended by the idle timeout, not by the failure")
        }
    }

    func testBrokerRefusingTheLoginEndsTheSourceWithTheReason() async throws {
        let services = try TestServices.require()
        // The idle timeout only bounds the test if the broker cannot be reached at all.
        var settings = configuration(services, prefix: uniquePrefix(), idle: .seconds(10))
        settings.port = services.mqttAuthPort
        settings.username = services.mqttUser
        settings.password = "wrong"
        let source = try MQTTSource(configuration: settings)
        do {
            _ = try await source.nextBatch(maxCount: 10)
            XCTFail("a refused login must end the source with an error")
        } catch let error as MosquittoError {
            XCTAssertTrue(error.description.contains("refused the connection"), error.description)
        }
        await source.close()
    }

    func testSubscriptionDeliversRawMessagesInOrderEndingAtTheIdleTimeout() async throws {
        let services = try TestServices.require()
        let prefix = uniquePrefix()
        let subscription = try MQTTSubscription(configuration: configuration(services, prefix: prefix, idle: .seconds(1)))
        let subscribed = await subscription.waitUntilSubscribed(timeout: .seconds(10))
        XCTAssertTrue(subscribed)
        let sent = (0..<50).map { MQTTMessage(topic: "\(prefix)/r\($0 % 3)/m\($0)", payload: Array("payload \($0)".utf8)) }
        let publisher = try MQTTPublisher(host: services.mqttHost, port: services.mqttPort)
        for message in sent { try publisher.publish(topic: message.topic, payload: message.payload) }
        try publisher.finish()
        var received: [MQTTMessage] = []
        for await message in subscription.messages() { received.append(message) }
        subscription.stop()
        XCTAssertEqual(received, sent, "in order, each once")
    }
}
