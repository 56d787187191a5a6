import PrivacyRuntime

/// What `PrivacyRuntimeCommand.main(registry:)` hands to the subcommands, which ArgumentParser constructs itself.
enum CLIEnvironment {
    /// The stage registry of this build.
    @TaskLocal static var registry: StageRegistry = .builtIn
}
