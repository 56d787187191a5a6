import MQTTSource
import PostgresSink
import PrivacyRuntime
import PrivacyRuntimeCLI
import SQLiteSink

var registry = StageRegistry.builtIn
SQLiteSinkPlugin.register(in: &registry)
PostgresSinkPlugin.register(in: &registry)
MQTTSourcePlugin.register(in: &registry)
await PrivacyRuntimeCommand.main(registry: registry, commands: [PublishCommand.self])
