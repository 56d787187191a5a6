import Synchronization

/// The broker's final refusal of the connection, recorded on libmosquitto's network thread.
final class MQTTRefusal: Sendable {
    private let message = Mutex<String?>(nil)

    /// Records why the broker refused (the first reason wins).
    func record(_ reason: String) {
        message.withLock { if $0 == nil { $0 = reason } }
    }

    /// The recorded reason, if any.
    var reason: String? { message.withLock { $0 } }
}
