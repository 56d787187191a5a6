/// Readings, stage protocols, registry, windows and the dispatcher.
public enum PrivacyRuntimeModule {}
