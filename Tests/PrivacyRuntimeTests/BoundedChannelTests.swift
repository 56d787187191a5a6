import XCTest
@testable import PrivacyRuntime

final class BoundedChannelTests: XCTestCase {
    /// Counts what the producer managed to send.
    private actor Counter {
        var value = 0
        func increment() { value += 1 }
    }

    func testSenderWaitsWhileTheBufferIsFullAndOrderIsKept() async throws {
        let channel = BoundedChannel<Int>(capacity: 2)
        let sent = Counter()
        let producer = Task {
            for value in 0..<10 {
                try await channel.send(value)
                await sent.increment()
            }
            channel.finish()
        }
        try await Task.sleep(for: .milliseconds(200))
        let sentBeforeConsuming = await sent.value
        XCTAssertEqual(sentBeforeConsuming, 2, "the third send must wait for the consumer")
        var received: [Int] = []
        while let value = try await channel.next() { received.append(value) }
        XCTAssertEqual(received, Array(0..<10))
        try await producer.value
    }

    func testCancelledConsumerReleasesWaitingSenders() async throws {
        let channel = BoundedChannel<Int>(capacity: 1)
        let producer = Task {
            try await channel.send(1)
            try await channel.send(2)
        }
        try await Task.sleep(for: .milliseconds(100))
        channel.cancel()
        do {
            try await producer.value
            XCTFail("the waiting send should have thrown")
        } catch is CancellationError {}
    }

    func testFinishWithErrorReachesTheConsumerAfterBufferedElements() async throws {
        let channel = BoundedChannel<Int>(capacity: 4)
        try await channel.send(7)
        channel.finish(throwing: RuntimeError("boom"))
        let first = try await channel.next()
        XCTAssertEqual(first, 7)
        do {
            _ = try await channel.next()
            XCTFail("expected the error")
        } catch {
            XCTAssertEqual("\(error)", "boom")
        }
    }
}
