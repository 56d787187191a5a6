import CNATS
@testable import NATSSource

/// Which node of the three-node test cluster leads a stream (the one to lose in a node-loss test).
enum NATSClusterLeader {
    /// The cluster node (0, 1 or 2) that leads `stream`.
    static func node(of stream: String, url: String) throws -> String {
        let client = try NATSClient(settings: NATSConnectionSettings(url: url))
        var info: UnsafeMutablePointer<jsStreamInfo>?
        guard js_GetStreamInfo(&info, client.jetStream, stream, nil, nil) == NATS_OK, let info else {
            throw TestServicesError(message: "no stream info for \(stream)")
        }
        defer { jsStreamInfo_Destroy(info) }
        guard let leader = info.pointee.Cluster?.pointee.Leader.map({ String(cString: $0) }), let node = leader.last else {
            throw TestServicesError(message: "\(stream) has no leader")
        }
        return String(node)
    }
}
