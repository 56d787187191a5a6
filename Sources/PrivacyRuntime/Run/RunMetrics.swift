import CoreMetrics
import Synchronization

/// The run's counters and gauges, through the swift-metrics API (the process chooses the backend: the CLI
/// serves them in Prometheus' text format on `--metrics-port`). Fed with each progress snapshot, so the hot
/// path stays free of metric calls: counters advance by the difference to the previous snapshot.
///
/// Names: `privacy_runtime_records_read_total`, per policy `privacy_runtime_readings_accepted_total`,
/// `privacy_runtime_readings_rejected_total` (and `reason`), `privacy_runtime_windows_released_total`,
/// `privacy_runtime_windows_suppressed_total`, `privacy_runtime_open_windows`; and
/// `privacy_runtime_last_progress_seconds`, the Unix time of the latest snapshot; over a checkpointed source,
/// `privacy_runtime_checkpoint_age_seconds` (since the latest checkpoint was written) and
/// `privacy_runtime_checkpoint_bytes` (its sealed size); `privacy_runtime_stream_lag_messages` (messages the source
/// holds that the run has not read, where the source can tell: the `nats` source) and
/// `privacy_runtime_sink_backlog_aggregates` (aggregates released but not yet stored by the sinks).
public final class RunMetrics: Sendable {
    private struct State {
        var recordsRead = 0
        var policies: [String: PolicySummary] = [:]
        var lastProgress: (records: Int, at: ContinuousClock.Instant)?
    }

    private let factory: any MetricsFactory
    private let state = Mutex(State())
    private let recordsRead: Counter
    private let lastProgressTime: Gauge
    private let checkpointAge: Gauge
    private let checkpointBytes: Gauge
    private let streamLag: Gauge
    private let sinkBacklog: Gauge

    /// Metrics made by `factory` (the bootstrapped one by default).
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        recordsRead = Counter(label: "privacy_runtime_records_read_total", factory: factory)
        lastProgressTime = Gauge(label: "privacy_runtime_last_progress_seconds", factory: factory)
        checkpointAge = Gauge(label: "privacy_runtime_checkpoint_age_seconds", factory: factory)
        checkpointBytes = Gauge(label: "privacy_runtime_checkpoint_bytes", factory: factory)
        streamLag = Gauge(label: "privacy_runtime_stream_lag_messages", factory: factory)
        sinkBacklog = Gauge(label: "privacy_runtime_sink_backlog_aggregates", factory: factory)
    }

    /// Advances the metrics to `snapshot`, stamped with the wall clock `now` (epoch seconds).
    public func record(_ snapshot: ProgressSnapshot, now: Int64) {
        state.withLock { state in
            recordsRead.increment(by: Int64(max(0, snapshot.recordsRead - state.recordsRead)))
            state.recordsRead = max(state.recordsRead, snapshot.recordsRead)
            for summary in snapshot.policies {
                let previous = state.policies[summary.policy] ?? PolicySummary(policy: summary.policy)
                advance(summary, from: previous)
                state.policies[summary.policy] = summary
            }
            state.lastProgress = (snapshot.recordsRead, ContinuousClock.now)
        }
        lastProgressTime.record(Double(now))
        if let lag = snapshot.sourceBacklog { streamLag.record(lag) }
        sinkBacklog.record(snapshot.sinkBacklog)
        if let checkpoint = snapshot.checkpoint {
            checkpointAge.record(max(0, Double(now) - checkpoint.writtenAt))
            checkpointBytes.record(checkpoint.bytes)
        }
    }

    /// Records read at the latest snapshot and seconds since it; nil before the first.
    public var lastProgress: (recordsRead: Int, secondsAgo: Double)? {
        state.withLock { state in
            state.lastProgress.map { progress in
                let elapsed = ContinuousClock.now - progress.at
                return (progress.records, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
        }
    }

    private func advance(_ summary: PolicySummary, from previous: PolicySummary) {
        let policy = [("policy", summary.policy)]
        func count(_ label: String, _ now: Int, _ before: Int, _ dimensions: [(String, String)] = policy) {
            guard now > before else { return }
            Counter(label: label, dimensions: dimensions, factory: factory).increment(by: Int64(now - before))
        }
        count("privacy_runtime_readings_accepted_total", summary.accepted, previous.accepted)
        count("privacy_runtime_windows_released_total", summary.windowsReleased, previous.windowsReleased)
        count("privacy_runtime_windows_suppressed_total", summary.windowsSuppressed, previous.windowsSuppressed)
        for reason in RejectReason.allCases {
            count("privacy_runtime_readings_rejected_total", summary.rejected[reason] ?? 0, previous.rejected[reason] ?? 0,
                  policy + [("reason", reason.rawValue)])
        }
        Gauge(label: "privacy_runtime_open_windows", dimensions: policy, factory: factory).record(summary.openWindows)
    }
}
