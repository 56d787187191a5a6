import MQTTSource
import NATSSource
import PostgresSink
import PrivacyRuntime
import PrivacyRuntimeCLI
import SQLiteSink

var registry = StageRegistry.builtIn
SQLiteSinkPlugin.register(in: &registry)
PostgresSinkPlugin.register(in: &registry)
MQTTSourcePlugin.register(in: &registry)
NATSSourcePlugin.register(in: &registry)
await PrivacyRuntimeCommand.main(registry: registry, commands: [PublishCommand.self])
