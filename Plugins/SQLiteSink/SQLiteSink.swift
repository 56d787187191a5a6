import PrivacyRuntime
import GRDB
/// The SQLite sink plugin.
public enum SQLiteSinkModule {}
