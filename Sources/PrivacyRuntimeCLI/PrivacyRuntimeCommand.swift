import ArgumentParser
import PrivacyRuntime

/// The `privacy-runtime` command line, as a library so a custom build's `main` can add its own stages:
///
/// ```swift
/// var registry = StageRegistry.builtIn
/// SQLiteSinkPlugin.register(in: &registry)
/// MyWebhookSink.register(in: &registry)
/// await PrivacyRuntimeCommand.main(registry: registry)
/// ```
public enum PrivacyRuntimeCommand {
    /// Parses the process arguments and runs the chosen subcommand (`run` when none is named) with `registry`;
    /// exits the process with the command's status. `commands` adds subcommands of the build's own.
    public static func main(registry: StageRegistry, commands: [any ParsableCommand.Type] = []) async {
        await CLIEnvironment.$registry.withValue(registry) {
            await ExtraCommands.$commands.withValue(commands) {
                await RootCommand.main()
            }
        }
    }

    /// Runs `bench` alone (the options of `privacy-runtime bench`, without the subcommand name) with `registry`: the
    /// entry point of the `privacy-runtime-bench` executable, which links only the SQLite plugin and builds faster.
    public static func bench(registry: StageRegistry) async {
        await CLIEnvironment.$registry.withValue(registry) {
            await BenchCommand.main()
        }
    }
}

/// The root command: subcommands, with `run` the default so `privacy-runtime --policy billing.yaml` works.
struct RootCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "privacy-runtime",
            abstract: "Encrypts smart-meter readings, aggregates them per window and releases only the aggregates.",
            version: VersionText.text,
            subcommands: [
                RunCommand.self, CheckCommand.self, KeygenCommand.self, RuntimeKeygenCommand.self, DecryptCommand.self,
                DecryptShareCommand.self, CombineCommand.self, BenchCommand.self, RegistryCommand.self,
            ] + ExtraCommands.commands,
            defaultSubcommand: RunCommand.self)
    }
}
