import SQLiteSink
import PrivacyRuntimeCLI
print("privacy-runtime: not built yet")
