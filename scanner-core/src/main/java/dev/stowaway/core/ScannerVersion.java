package dev.stowaway.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Stowaway version, from a resource Maven fills in at build time. */
public final class ScannerVersion {
  private static final String VERSION = load();

  private ScannerVersion() {}

  /**
   * Returns the version, such as {@code 0.1.0-SNAPSHOT}, or {@code unknown} when run from unfiltered classes.
   *
   * @return the version; never null
   */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = ScannerVersion.class.getResourceAsStream("stowaway-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
