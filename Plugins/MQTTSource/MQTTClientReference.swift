import Synchronization

/// Lets the connect callback reach the client it belongs to, which exists only after the callbacks
/// do. Weak, so that the client and its callbacks do not keep each other alive.
final class MQTTClientReference: Sendable {
    private struct Weak {
        weak var client: MosquittoClient?
    }

    private let reference = Mutex(Weak())

    /// The client, while it exists.
    var client: MosquittoClient? {
        get { reference.withLock { $0.client } }
        set { reference.withLock { $0.client = newValue } }
    }
}
