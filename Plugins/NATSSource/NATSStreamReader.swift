import Foundation
import Logging
import PrivacyRuntime

/// Reads the stream on a thread of its own (libnats' fetch blocks) into a `BackpressureQueue`: while the queue is
/// full the thread waits and fetches nothing, so a slow pipeline slows reading instead of piling up messages.
///
/// The thread's position is the next stream sequence; when a fetch fails (connection lost, consumer removed by
/// the server) it makes a new consumer at that sequence, so nothing is skipped or read twice. The messages end at
/// `stop`, or when a consumer has delivered nothing for the idle timeout: time without a consumer (while the
/// cluster elects a new leader for the stream after losing a node) is not idle time, so a run with an idle timeout
/// does not end in the middle of a failover with the rest of the stream unread.
final class NATSStreamReader: Sendable {
    private let queue: BackpressureQueue<[NATSStreamMessage]>
    private let flags = NATSReaderFlags()

    /// Connects, creates the consumer at `configuration.startSequence` (failing at once if either is impossible:
    /// no server, a refused login, no stream for the subject; a stream that does not answer, as while it elects a
    /// leader, is asked again for up to `startupPatience`) and starts reading.
    init(configuration: NATSSourceConfiguration, logger: Logger) throws {
        let client = try NATSClient(settings: configuration.connection)
        if configuration.resumesCheckpoint, let stream = configuration.stream {
            let held = try client.firstSequence(of: stream)
            guard held <= configuration.startSequence else {
                throw NATSError.invalidSettings(
                    "nats: stream '\(stream)' no longer holds sequence \(configuration.startSequence), where the checkpoint resumes "
                        + "(its first is \(held): its limits or a purge dropped the readings between), so the windows the checkpoint "
                        + "holds open cannot be completed; refusing to start (keep the stream's messages longer than a few checkpoint "
                        + "intervals, or remove the checkpoint to start over from start_sequence)")
            }
        }
        let first = try Self.makeFirstConsumer(client, configuration, logger: logger)
        let queue = BackpressureQueue<[NATSStreamMessage]>(
            lowWatermark: configuration.bufferCapacity / 2, highWatermark: configuration.bufferCapacity, weight: { $0.count })
        self.queue = queue
        let flags = flags
        Thread.detachNewThread {
            Self.read(client: client, first: first, configuration: configuration, queue: queue, flags: flags, logger: logger)
            flags.markEnded()
        }
    }

    /// The fetched messages, in stream order, a pull request's worth at a time. Called once.
    func messages() -> BackpressureQueue<[NATSStreamMessage]>.Elements {
        queue.elements()
    }

    /// Ends the messages after those already queued and stops the thread, waiting up to `timeout` for it to close
    /// its consumer and connection.
    func stop(timeout: Duration = .seconds(3)) async {
        flags.requestStop()
        queue.finish()
        let deadline = ContinuousClock.now + timeout
        while !flags.hasEnded, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// How long a start waits for a stream that does not answer (a cluster electing the stream's leader takes seconds).
    private static let startupPatience = Duration.seconds(30)

    private static func makeFirstConsumer(_ client: NATSClient, _ configuration: NATSSourceConfiguration, logger: Logger) throws -> NATSPullConsumer {
        let deadline = ContinuousClock.now + startupPatience
        while true {
            do {
                return try makeConsumer(client, configuration, from: configuration.startSequence)
            } catch let error as NATSError where error.code == .timeout && ContinuousClock.now < deadline {
                logger.warning("\(error); asking again in 1 s")
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }

    private static func makeConsumer(_ client: NATSClient, _ configuration: NATSSourceConfiguration, from sequence: UInt64) throws -> NATSPullConsumer {
        try NATSPullConsumer(
            client: client, subject: configuration.subject, stream: configuration.stream, startSequence: sequence,
            inactiveThreshold: configuration.inactiveThreshold, maxPayloadBytes: configuration.maxPayloadBytes)
    }

    private static func read(
        client: NATSClient, first: NATSPullConsumer, configuration: NATSSourceConfiguration,
        queue: BackpressureQueue<[NATSStreamMessage]>, flags: NATSReaderFlags, logger: Logger
    ) {
        var consumer: NATSPullConsumer? = first
        var next = configuration.startSequence
        var idleSince = ContinuousClock.now
        var lastCheck = ContinuousClock.now
        defer { queue.finish() }
        while !flags.isStopRequested {
            var wait = Duration.seconds(1)
            if let idle = configuration.idleTimeout, consumer != nil {
                let remaining = idle - idleSince.duration(to: .now)
                if remaining <= .zero { return }
                wait = min(wait, remaining)
            }
            do {
                if consumer == nil {
                    consumer = try makeConsumer(client, configuration, from: next)
                    idleSince = .now
                }
                let messages = try consumer!.fetch(maxCount: configuration.fetchCount, timeout: wait)
                guard let last = messages.last else {
                    // Nothing came: the consumer may have been lost with a cluster node; ask every 2 s.
                    if lastCheck.duration(to: .now) >= .seconds(2) {
                        lastCheck = .now
                        if !consumer!.exists() {
                            logger.warning("nats: the consumer is gone (its server was lost?); reading again from sequence \(next)")
                            consumer = nil
                        }
                    }
                    continue
                }
                next = last.streamSequence + 1
                try queue.sendBlocking(contentsOf: [messages])
                // Idle means no message to fetch: time spent waiting for the pipeline does not count.
                idleSince = .now
            } catch is BackpressureQueueError {
                return
            } catch {
                logger.warning("\(error); reading again from sequence \(next) in 1 s")
                consumer = nil
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }
}
