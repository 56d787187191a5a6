/// Strict, located YAML policies.
public enum PolicyModule {}
