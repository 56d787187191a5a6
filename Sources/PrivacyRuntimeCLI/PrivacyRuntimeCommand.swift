import ArgumentParser

/// The root command: `privacy-runtime [run] --policy P`, `check`, `keygen`, `decrypt`.
public struct PrivacyRuntimeCommand: ParsableCommand {
    /// The subcommands; `run` is the default, so `privacy-runtime --policy P` runs the pipeline.
    public static let configuration = CommandConfiguration(
        commandName: "privacy-runtime",
        abstract: "Encrypts smart-meter readings, sums them per window homomorphically and writes only aggregates.",
        subcommands: [RunCommand.self, CheckCommand.self, KeygenCommand.self, DecryptCommand.self],
        defaultSubcommand: RunCommand.self)

    /// Creates the root command (for ArgumentParser).
    public init() {}
}
