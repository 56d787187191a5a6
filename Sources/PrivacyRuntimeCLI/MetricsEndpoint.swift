import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import PrivacyRuntime
import ServiceLifecycle

/// The HTTP endpoint `--metrics-port` opens for the length of a run: `GET /metrics` answers with the
/// registry in Prometheus' text format, `GET /health` with `200` and a one-line JSON status while the run
/// is up. Plain HTTP on the given address (loopback by default); put it behind the host's firewall or a
/// TLS-terminating proxy when scraped from elsewhere.
struct MetricsEndpoint: Service {
    /// Address to listen on.
    let host: String
    /// Port to listen on.
    let port: Int
    /// The registry `/metrics` serves.
    let registry: PrometheusCollectorRegistry
    /// The run's metrics, for `/health`.
    let metrics: RunMetrics

    /// Serves until the service group shuts down.
    func run() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        try await withGracefulShutdownHandler {
            try await server.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in connections {
                        group.addTask { try? await serve(connection) }
                    }
                    // The listener is closed (shutdown): end keep-alive connections too, so the run can exit.
                    group.cancelAll()
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
    }

    /// Answers each request of one connection.
    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async throws {
        try await connection.executeThenClose { requests, responses in
            for try await part in requests {
                guard case .head(let head) = part else { continue }
                let (status, contentType, body) = answer(head)
                var headers = HTTPHeaders([("Content-Type", contentType), ("Content-Length", String(body.utf8.count))])
                if !head.isKeepAlive { headers.add(name: "Connection", value: "close") }
                try await responses.write(.head(HTTPResponseHead(version: head.version, status: status, headers: headers)))
                try await responses.write(.body(.byteBuffer(ByteBuffer(string: body))))
                try await responses.write(.end(nil))
                if !head.isKeepAlive { return }
            }
        }
    }

    private func answer(_ head: HTTPRequestHead) -> (HTTPResponseStatus, String, String) {
        guard head.method == .GET else { return (.methodNotAllowed, "text/plain", "GET only\n") }
        switch head.uri.split(separator: "?").first.map(String.init) ?? head.uri {
        case "/metrics":
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return (.ok, "text/plain; version=0.0.4; charset=utf-8", String(decoding: bytes, as: UTF8.self))
        case "/health":
            let progress = metrics.lastProgress
            let records = progress.map { String($0.recordsRead) } ?? "0"
            let age = progress.map { String(format: "%.1f", $0.secondsAgo) } ?? "null"
            return (.ok, "application/json", "{\"status\":\"running\",\"records_read\":\(records),\"seconds_since_progress\":\(age)}\n")
        default:
            return (.notFound, "text/plain", "not found; try /metrics or /health\n")
        }
    }
}
