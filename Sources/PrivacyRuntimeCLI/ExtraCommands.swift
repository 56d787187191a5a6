import ArgumentParser

/// Subcommands a build adds beside the built-in ones (e.g. `publish`, which needs the MQTT plugin
/// the CLI library does not link).
enum ExtraCommands {
    /// The added subcommands; set by `PrivacyRuntimeCommand.main(registry:commands:)`.
    @TaskLocal static var commands: [any ParsableCommand.Type] = []
}
