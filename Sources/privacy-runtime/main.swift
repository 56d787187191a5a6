import PrivacyRuntime
import PrivacyRuntimeCLI
import SQLiteSink

var registry = StageRegistry.builtIn
SQLiteSinkPlugin.register(in: &registry)
await PrivacyRuntimeCommand.main(registry: registry)
