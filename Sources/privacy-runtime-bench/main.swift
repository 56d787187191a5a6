import PrivacyRuntime
import PrivacyRuntimeCLI
import SQLiteSink

// `privacy-runtime bench` with only the SQLite plugin linked: the same measurement, built without NIO/PostgreSQL/MQTT.
var registry = StageRegistry.builtIn
SQLiteSinkPlugin.register(in: &registry)
await PrivacyRuntimeCommand.bench(registry: registry)
