import MQTTSource
import NATSSource
import PostgresSink
import PrivacyRuntime

extension StageRegistry {
    /// The built-in stages plus the plugins that talk to servers: the `mqtt` and `nats` sources and the `postgres` sink.
    static var withServerPlugins: StageRegistry {
        var registry = StageRegistry.builtIn
        PostgresSinkPlugin.register(in: &registry)
        MQTTSourcePlugin.register(in: &registry)
        NATSSourcePlugin.register(in: &registry)
        return registry
    }
}
