import AsyncAlgorithms
import Dispatch
import Synchronization

/// The one backpressure primitive of the runtime and its plugins: a multi-producer, single-consumer queue with
/// high and low watermarks, over swift-async-algorithms' `MultiProducerSingleConsumerAsyncChannel`.
///
/// Producers call `send` (suspends once the queue has reached its high watermark, until the consumer has drained
/// it below the low one) or, on a thread that a C library owns (libmosquitto's network thread), `sendBlocking`, which
/// blocks that thread instead. The single consumer iterates `elements()` once; `finish()` ends the stream after
/// what was sent. Nothing is ever dropped: a full queue makes its producers wait.
///
/// ```swift
/// let queue = BackpressureQueue<[SourceItem]>(lowWatermark: 1, highWatermark: 2)
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     group.addTask { try await queue.send(batch); queue.finish() }
///     for await batch in queue.elements() { process(batch) }
/// }
/// ```
public final class BackpressureQueue<Element: Sendable>: Sendable {
    private typealias Channel = MultiProducerSingleConsumerAsyncChannel<Element, Never>
    private let source: Mutex<Channel.Source?>
    private let stream: Mutex<Elements?>

    /// Creates a queue whose producers wait from `highWatermark` on until it drains below `lowWatermark`; the water
    /// level is the number of elements, or the sum of `weight` over them (e.g. rows per element).
    public init(lowWatermark: Int, highWatermark: Int, weight: (@Sendable (Element) -> Int)? = nil) {
        precondition(0 <= lowWatermark && lowWatermark <= highWatermark && highWatermark >= 1, "invalid watermarks")
        let strategy: Channel.Source.BackpressureStrategy = if let weight {
            .watermark(low: lowWatermark, high: highWatermark, waterLevelForElement: { weight($0) })
        } else {
            .watermark(low: lowWatermark, high: highWatermark)
        }
        var made = Channel.makeChannel(of: Element.self, backpressureStrategy: strategy)
        let channel = made.takeChannel()
        source = Mutex(made.source)
        stream = Mutex(Elements(channel.elements()))
    }

    /// Appends `elements`, then waits if the queue has reached its high watermark. Throws
    /// `CancellationError` if the calling task is cancelled while waiting, and `BackpressureQueueError`
    /// once the queue was finished or its consumer has gone.
    public func send(contentsOf elements: [Element]) async throws {
        guard var handle = try enqueue(elements) else { return }
        let waiting = Mutex(handle)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                handle.enqueueCallback { result in continuation.resume(with: result.mapError(Self.translate)) }
            }
        } onCancel: {
            waiting.withLock { $0.cancelCallback() }
        }
    }

    /// Appends one element, then waits as `send(contentsOf:)` does.
    public func send(_ element: Element) async throws {
        try await send(contentsOf: [element])
    }

    /// Appends `elements`, then blocks the calling thread if the queue has reached its high watermark: for
    /// threads that are not Swift tasks (a C library's callback thread). Throws once the queue was finished or
    /// its consumer has gone.
    public func sendBlocking(contentsOf elements: [Element]) throws {
        guard var handle = try enqueue(elements) else { return }
        let outcome = Mutex<Result<Void, any Error>>(.success(()))
        let resumed = DispatchSemaphore(value: 0)
        handle.enqueueCallback { result in
            outcome.withLock { $0 = result.mapError(Self.translate) }
            resumed.signal()
        }
        resumed.wait()
        try outcome.withLock { $0 }.get()
    }

    /// Ends the stream: the consumer gets what was sent, then the end. Later sends throw. Safe to call more than once.
    public func finish() {
        source.withLock { source in source.take()?.finish() }
    }

    /// The consumer's sequence, in send order; it ends after `finish()` (or once no producer is left).
    /// There is one consumer: a second call is a programming error.
    public func elements() -> Elements {
        guard let elements = stream.withLock({ $0.take() }) else {
            preconditionFailure("BackpressureQueue.elements() called twice: a queue has one consumer")
        }
        return elements
    }

    /// Enqueues `elements`; returns the handle to wait on when the queue has now reached its high watermark.
    private func enqueue(_ elements: [Element]) throws -> Channel.Source.SendResult.CallbackHandle? {
        try source.withLock { source throws -> Channel.Source.SendResult.CallbackHandle? in
            guard source != nil else { throw BackpressureQueueError.finished }
            let result: Channel.Source.SendResult
            do {
                result = try source!.send(contentsOf: elements)
            } catch {
                throw Self.translate(error)
            }
            switch consume result {
            case .produceMore: return nil
            case .enqueueCallback(let handle): return handle
            }
        }
    }

    private static func translate(_ error: any Error) -> any Error {
        error is CancellationError ? error : BackpressureQueueError.consumerGone
    }

    /// The consumer's side: an `AsyncSequence` of the queue's elements, iterated once.
    public struct Elements: AsyncSequence, Sendable {
        private let base: any AsyncSequence<Element, Never> & Sendable

        fileprivate init(_ base: some AsyncSequence<Element, Never> & Sendable) {
            self.base = base
        }

        /// The iterator (only one may be made).
        public func makeAsyncIterator() -> Iterator {
            Iterator(base: base.makeAsyncIterator())
        }

        /// Hands out the queue's elements in order; nil at the end of the stream.
        public struct Iterator: AsyncIteratorProtocol {
            private var base: any AsyncIteratorProtocol<Element, Never>

            fileprivate init(base: any AsyncIteratorProtocol<Element, Never>) {
                self.base = base
            }

            /// The next element, waiting for one; nil once the queue is finished and drained.
            public mutating func next(isolation actor: isolated (any Actor)? = #isolation) async -> Element? {
                await base.next(isolation: actor)
            }

            /// The next element (nonisolated form).
            public mutating func next() async -> Element? {
                await base.next(isolation: nil)
            }
        }
    }
}

/// Why a `BackpressureQueue` refused an element.
public struct BackpressureQueueError: Error, CustomStringConvertible, Sendable {
    private enum Code: Sendable { case finished, consumerGone }
    private let code: Code

    /// The queue was finished; nothing more can be sent.
    public static let finished = BackpressureQueueError(code: .finished)
    /// The consumer stopped consuming (its task ended or failed).
    public static let consumerGone = BackpressureQueueError(code: .consumerGone)

    /// A sentence for the log.
    public var description: String {
        switch code {
        case .finished: "the queue was finished; nothing more can be sent"
        case .consumerGone: "the queue's consumer has stopped"
        }
    }
}
