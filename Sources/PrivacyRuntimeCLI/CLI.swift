/// The commands of `privacy-runtime`, reusable by custom builds.
public enum PrivacyRuntimeCLIModule {}
