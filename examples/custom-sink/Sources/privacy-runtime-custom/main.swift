// A custom privacy-runtime: every built-in stage, the SQLite plugin, and the `daily-csv` sink of this package.
import DailyCSVSink
import PrivacyRuntime
import PrivacyRuntimeCLI
import SQLiteSink

var registry = StageRegistry.builtIn
SQLiteSinkPlugin.register(in: &registry)
DailyCSVSinkPlugin.register(in: &registry)
await PrivacyRuntimeCommand.main(registry: registry)
