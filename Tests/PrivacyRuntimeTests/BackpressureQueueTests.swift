import Foundation
import PrivacyRuntime
import Synchronization
import XCTest

final class BackpressureQueueTests: XCTestCase {
    /// A value shared between the test and its producer.
    private final class Shared<Value: Sendable>: Sendable {
        private let value: Mutex<Value>
        init(_ value: Value) { self.value = Mutex(value) }
        func get() -> Value { value.withLock { $0 } }
        func update(_ change: (inout Value) -> Void) { value.withLock { change(&$0) } }
    }

    func testSenderWaitsAtTheHighWatermarkAndOrderIsKept() async throws {
        let queue = BackpressureQueue<Int>(lowWatermark: 1, highWatermark: 2)
        let sent = Shared(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for value in 0..<10 {
                    try await queue.send(value)
                    sent.update { $0 += 1 }
                }
                queue.finish()
            }
            try await Task.sleep(for: .milliseconds(200))
            // The second send brought the queue to its high watermark of 2: it waits for the consumer.
            XCTAssertEqual(sent.get(), 1, "the send that reaches the high watermark must wait")
            var received: [Int] = []
            for await value in queue.elements() { received.append(value) }
            XCTAssertEqual(received, Array(0..<10))
            try await group.waitForAll()
        }
    }

    func testWeightCountsTheWaterLevel() async throws {
        let queue = BackpressureQueue<[Int]>(lowWatermark: 5, highWatermark: 10, weight: { $0.count })
        try await queue.send([1, 2, 3, 4])
        try await queue.send([5, 6, 7, 8, 9])  // level 9: below the high watermark
        let waiting = Shared(true)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await queue.send([10, 11])  // level 11: waits until the consumer brings it below 5
                waiting.update { $0 = false }
                queue.finish()
            }
            try await Task.sleep(for: .milliseconds(200))
            XCTAssertTrue(waiting.get())
            var received: [Int] = []
            for await batch in queue.elements() { received += batch }
            XCTAssertEqual(received, Array(1...11))
            try await group.waitForAll()
        }
    }

    func testBlockingSenderBlocksItsThreadUntilTheConsumerDrains() async throws {
        let queue = BackpressureQueue<Int>(lowWatermark: 1, highWatermark: 2)
        let sent = Shared(0)
        let producer = Thread {
            for value in 0..<6 {
                try? queue.sendBlocking(contentsOf: [value])
                sent.update { $0 += 1 }
            }
            queue.finish()
        }
        producer.start()
        try await Task.sleep(for: .milliseconds(200))
        XCTAssertEqual(sent.get(), 1, "the thread must block once the queue reaches its high watermark")
        var received: [Int] = []
        for await value in queue.elements() { received.append(value) }
        XCTAssertEqual(received, Array(0..<6))
        XCTAssertEqual(sent.get(), 6)
    }

    func testWaitingSenderFailsOnceTheConsumerHasGone() async throws {
        let queue = BackpressureQueue<Int>(lowWatermark: 1, highWatermark: 2)
        var elements: BackpressureQueue<Int>.Elements? = queue.elements()
        try await queue.send(1)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await queue.send(2)  // at the high watermark: waits
                    XCTFail("send should fail once the consumer is gone")
                } catch let error as BackpressureQueueError {
                    XCTAssertEqual(error.description, BackpressureQueueError.consumerGone.description)
                }
            }
            try await Task.sleep(for: .milliseconds(100))
            elements = nil  // the consumer stops without reading
            XCTAssertNil(elements)
            try await group.waitForAll()
        }
    }

    func testSendAfterFinishFails() async {
        let queue = BackpressureQueue<Int>(lowWatermark: 1, highWatermark: 4)
        queue.finish()
        do {
            try await queue.send(1)
            XCTFail("send after finish must fail")
        } catch {
            XCTAssertEqual("\(error)", BackpressureQueueError.finished.description)
        }
    }
}
