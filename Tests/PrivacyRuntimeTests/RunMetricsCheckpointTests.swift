import Foundation
import MetricsTestKit
import XCTest
@testable import PrivacyRuntime

/// The checkpoint gauges: a snapshot that carries a checkpoint sets its age (from when it was written to the
/// snapshot's time) and its sealed size; a snapshot without one leaves them unset.
final class RunMetricsCheckpointTests: XCTestCase {
    private func snapshot(records: Int, checkpoint: CheckpointStatus?) -> ProgressSnapshot {
        ProgressSnapshot(recordsRead: records, recordsPerSecond: 0, openWindows: 0, windowsReleased: 0, rejected: 0,
                         policies: [], checkpoint: checkpoint)
    }

    func testCheckpointAgeAndBytesFollowTheLatestCheckpoint() throws {
        let factory = TestMetrics()
        let metrics = RunMetrics(factory: factory)
        metrics.record(snapshot(records: 10, checkpoint: nil), now: 1_000)
        XCTAssertNil(try? factory.expectGauge("privacy_runtime_checkpoint_bytes").lastValue, "no checkpoint yet")

        let written = CheckpointStatus(sequence: 42, bytes: 123_456, windows: 7, writtenAt: 1_000.5, writeSeconds: 0.01)
        metrics.record(snapshot(records: 20, checkpoint: written), now: 1_003)
        XCTAssertEqual(try factory.expectGauge("privacy_runtime_checkpoint_bytes").lastValue, 123_456)
        XCTAssertEqual(try factory.expectGauge("privacy_runtime_checkpoint_age_seconds").lastValue, 2.5)
        metrics.record(snapshot(records: 30, checkpoint: written), now: 1_010)
        XCTAssertEqual(try factory.expectGauge("privacy_runtime_checkpoint_age_seconds").lastValue, 9.5, "the age grows until the next checkpoint")
    }

    func testStreamLagAndSinkBacklogFollowTheSnapshot() throws {
        let factory = TestMetrics()
        let metrics = RunMetrics(factory: factory)
        var first = snapshot(records: 10, checkpoint: nil)
        first.sinkBacklog = 250
        metrics.record(first, now: 1_000)
        XCTAssertNil(try? factory.expectGauge("privacy_runtime_stream_lag_messages").lastValue, "a source that cannot tell")
        XCTAssertEqual(try factory.expectGauge("privacy_runtime_sink_backlog_aggregates").lastValue, 250)
        var second = snapshot(records: 20, checkpoint: nil)
        second.sourceBacklog = 1_234
        metrics.record(second, now: 1_001)
        XCTAssertEqual(try factory.expectGauge("privacy_runtime_stream_lag_messages").lastValue, 1_234)
        XCTAssertEqual(try factory.expectGauge("privacy_runtime_sink_backlog_aggregates").lastValue, 0)
    }
}
