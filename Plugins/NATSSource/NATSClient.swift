import CNATS
import Foundation

/// The connection half of the only code that touches libnats: one connection (reconnecting forever in the
/// background after the first connect) and its JetStream context. `NATSPullConsumer` and `NATSPublisher`
/// use it; nothing else sees a libnats handle.
final class NATSClient: @unchecked Sendable {
    /// The connection; libnats makes it safe to use from several threads.
    let connection: OpaquePointer
    /// The JetStream context of `connection`.
    let jetStream: OpaquePointer
    /// Where it is connected to, for messages.
    let endpoint: String

    /// Connects (failing at once if no server can be reached or the login or TLS handshake is refused) and
    /// makes the JetStream context, whose asynchronous publishes are set up by `configure`.
    init(settings: NATSConnectionSettings, configure: (inout jsOptions) -> Void = { _ in }) throws {
        if let problem = settings.problems.first { throw NATSError.invalidSettings("nats: \(problem.key): \(problem.message)") }
        endpoint = settings.url
        var options: OpaquePointer?
        try NATSError.check(natsOptions_Create(&options), "creating connection options")
        defer { natsOptions_Destroy(options) }
        // natsOptions_SetURL takes one URL; a cluster's comma-separated list goes to natsOptions_SetServers.
        let servers = settings.url.split(separator: ",").map { strdup($0.trimmingCharacters(in: .whitespaces)) }
        defer { servers.forEach { free($0) } }
        var serverList = servers.map { UnsafePointer($0) }
        try NATSError.check(
            natsOptions_SetServers(options, &serverList, Int32(serverList.count)), "using the URL(s) '\(settings.url)'")
        try NATSError.check(natsOptions_SetName(options, settings.name), "naming the connection")
        try NATSError.check(natsOptions_SetMaxReconnect(options, -1), "setting reconnects")
        try NATSError.check(natsOptions_SetReconnectWait(options, 1000), "setting the reconnect wait")
        if let username = settings.username {
            try NATSError.check(natsOptions_SetUserInfo(options, username, settings.password), "setting the login")
        }
        if let token = settings.token {
            try NATSError.check(natsOptions_SetToken(options, token), "setting the token")
        }
        if let credentials = settings.credentialsFile {
            try NATSError.check(natsOptions_SetUserCredentialsFromFiles(options, credentials, nil), "reading the credentials file '\(credentials)'")
        }
        if settings.usesTLS {
            try NATSError.check(natsOptions_SetSecure(options, true), "turning TLS on")
            if let caFile = settings.caFile {
                try NATSError.check(natsOptions_LoadCATrustedCertificates(options, caFile), "loading the CA file '\(caFile)'")
            }
            if let certFile = settings.certFile, let keyFile = settings.keyFile {
                try NATSError.check(natsOptions_LoadCertificatesChain(options, certFile, keyFile), "loading '\(certFile)' and '\(keyFile)'")
            }
            if let hostname = settings.tlsHostname {
                try NATSError.check(natsOptions_SetExpectedHostname(options, hostname), "setting the expected TLS name")
            }
        }
        var connection: OpaquePointer?
        let status = natsConnection_Connect(&connection, options)
        guard status == NATS_OK, let connection else {
            throw NATSError.call("connecting to \(settings.url)", status: status)
        }
        var jetStreamOptions = jsOptions()
        jsOptions_Init(&jetStreamOptions)
        configure(&jetStreamOptions)
        var jetStream: OpaquePointer?
        let made = natsConnection_JetStream(&jetStream, connection, &jetStreamOptions)
        guard made == NATS_OK, let jetStream else {
            natsConnection_Destroy(connection)
            throw NATSError.call("opening JetStream on \(settings.url)", status: made)
        }
        self.connection = connection
        self.jetStream = jetStream
    }

    /// The first sequence `stream` still holds (after its limits or a purge removed older messages; the next
    /// sequence when it holds none).
    func firstSequence(of stream: String) throws -> UInt64 {
        var info: UnsafeMutablePointer<jsStreamInfo>?
        var code = jsErrCode(rawValue: 0)
        try NATSError.check(js_GetStreamInfo(&info, jetStream, stream, nil, &code), "looking up stream '\(stream)'", jetStreamCode: code)
        defer { jsStreamInfo_Destroy(info) }
        return info!.pointee.State.FirstSeq
    }

    /// Creates a file-backed stream `name` capturing `subjects` with `replicas` copies, unless a stream of that name
    /// exists (then nothing is changed); returns whether it created one.
    func createStreamIfMissing(name: String, subjects: [String], replicas: Int) throws -> Bool {
        var info: UnsafeMutablePointer<jsStreamInfo>?
        var code = jsErrCode(rawValue: 0)
        let lookup = js_GetStreamInfo(&info, jetStream, name, nil, &code)
        if lookup == NATS_OK {
            jsStreamInfo_Destroy(info)
            return false
        }
        guard lookup == NATS_NOT_FOUND else { throw NATSError.call("looking up stream '\(name)'", status: lookup, jetStreamCode: code) }
        let subjectPointers = subjects.map { UnsafePointer(strdup($0)) }
        defer { subjectPointers.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        var config = jsStreamConfig()
        jsStreamConfig_Init(&config)
        config.Storage = js_FileStorage
        config.Replicas = Int64(replicas)
        let status = name.withCString { streamName in
            var list: [UnsafePointer<CChar>?] = subjectPointers
            return list.withUnsafeMutableBufferPointer { buffer in
                config.Name = streamName
                config.Subjects = buffer.baseAddress
                config.SubjectsLen = Int32(buffer.count)
                let status = js_AddStream(&info, jetStream, &config, nil, &code)
                jsStreamInfo_Destroy(info)
                return status
            }
        }
        try NATSError.check(status, "creating stream '\(name)' on \(subjects.joined(separator: ", "))", jetStreamCode: code)
        return true
    }

    deinit {
        jsCtx_Destroy(jetStream)
        natsConnection_Close(connection)
        natsConnection_Destroy(connection)
    }
}
