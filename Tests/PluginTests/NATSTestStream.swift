import CNATS
import Foundation
import XCTest

/// A JetStream stream of its own for one test (`{prefix}.>`, file storage), made and removed over libnats
/// directly, so the tests do not depend on the plugin to set up what they check it against.
final class NATSTestStream {
    let name: String
    let prefix: String
    private let connection: OpaquePointer
    private let jetStream: OpaquePointer

    /// Connects to `url` (over TLS trusting `caFile` when given) and creates a stream named after a fresh prefix,
    /// kept on `replicas` servers (3 on the test cluster).
    init(url: String, caFile: String? = nil, replicas: Int = 1) throws {
        let unique = UUID().uuidString.prefix(8).lowercased()
        name = "TEST_\(unique)"
        prefix = "meters-\(unique)"
        var options: OpaquePointer?
        natsOptions_Create(&options)
        defer { natsOptions_Destroy(options) }
        // One URL or a cluster's comma-separated list.
        let servers = url.split(separator: ",").map { strdup(String($0)) }
        defer { servers.forEach { free($0) } }
        var serverList = servers.map { UnsafePointer($0) }
        natsOptions_SetServers(options, &serverList, Int32(serverList.count))
        if let caFile {
            natsOptions_SetSecure(options, true)
            natsOptions_LoadCATrustedCertificates(options, caFile)
        }
        var connection: OpaquePointer?
        guard natsConnection_Connect(&connection, options) == NATS_OK, let connection else {
            throw TestServicesError(message: "cannot connect to \(url)")
        }
        var jetStream: OpaquePointer?
        guard natsConnection_JetStream(&jetStream, connection, nil) == NATS_OK, let jetStream else {
            natsConnection_Destroy(connection)
            throw TestServicesError(message: "no JetStream at \(url)")
        }
        self.connection = connection
        self.jetStream = jetStream
        var config = jsStreamConfig()
        jsStreamConfig_Init(&config)
        let status = name.withCString { streamName in
            "\(prefix).>".withCString { subject in
                var subjects: [UnsafePointer<CChar>?] = [subject]
                return subjects.withUnsafeMutableBufferPointer { list in
                    config.Name = streamName
                    config.Subjects = list.baseAddress
                    config.SubjectsLen = 1
                    config.Storage = js_FileStorage
                    config.Replicas = Int64(replicas)
                    var info: UnsafeMutablePointer<jsStreamInfo>?
                    var code = jsErrCode(rawValue: 0)
                    let status = js_AddStream(&info, jetStream, &config, nil, &code)
                    jsStreamInfo_Destroy(info)
                    return status
                }
            }
        }
        guard status == NATS_OK else { throw TestServicesError(message: "cannot create stream \(name): \(String(cString: natsStatus_GetText(status)))") }
    }

    deinit {
        js_DeleteStream(jetStream, name, nil, nil)
        jsCtx_Destroy(jetStream)
        natsConnection_Destroy(connection)
    }

    /// Publishes `payload` on `{prefix}.{region}.{meter}` and returns the stream sequence from the stream's acknowledgement.
    func publish(region: String, meter: String, payload: String) throws -> UInt64 {
        var acknowledgement: UnsafeMutablePointer<jsPubAck>?
        var code = jsErrCode(rawValue: 0)
        let status = js_Publish(&acknowledgement, jetStream, "\(prefix).\(region).\(meter)", payload, Int32(payload.utf8.count), nil, &code)
        defer { jsPubAck_Destroy(acknowledgement) }
        guard status == NATS_OK, let acknowledgement else {
            throw TestServicesError(message: "publish failed: \(String(cString: natsStatus_GetText(status)))")
        }
        return acknowledgement.pointee.Sequence
    }

    /// Removes the messages before `sequence`, as the stream's limits would.
    func purge(before sequence: UInt64) throws {
        var options = jsOptions()
        jsOptions_Init(&options)
        options.Stream.Purge.Sequence = sequence
        var code = jsErrCode(rawValue: 0)
        let status = js_PurgeStream(jetStream, name, &options, &code)
        guard status == NATS_OK else { throw TestServicesError(message: "purge failed: \(String(cString: natsStatus_GetText(status)))") }
    }

    /// The number of messages the stream holds.
    func messageCount() throws -> UInt64 {
        var info: UnsafeMutablePointer<jsStreamInfo>?
        guard js_GetStreamInfo(&info, jetStream, name, nil, nil) == NATS_OK, let info else {
            throw TestServicesError(message: "no info for stream \(name)")
        }
        defer { jsStreamInfo_Destroy(info) }
        return info.pointee.State.Msgs
    }
}
