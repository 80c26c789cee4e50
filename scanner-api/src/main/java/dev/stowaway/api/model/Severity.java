package dev.stowaway.api.model;

import java.util.Locale;

/** How bad a finding is, from {@link #CRITICAL} down to {@link #UNKNOWN}. Declared worst first. */
public enum Severity {
  /** Critical. */
  CRITICAL,
  /** High. */
  HIGH,
  /** Medium. */
  MEDIUM,
  /** Low. */
  LOW,
  /** Not rated, or rated in a way we cannot map. */
  UNKNOWN;

  /**
   * Tells whether this severity is at least as bad as another.
   *
   * @param other the threshold; not null
   * @return true if this is the same or worse
   */
  public boolean atLeast(Severity other) {
    return ordinal() <= other.ordinal();
  }

  /**
   * Parses a severity name case-insensitively; {@code moderate} means {@link #MEDIUM}, {@code important}
   * means {@link #HIGH}. Anything else is {@link #UNKNOWN}.
   *
   * @param text the name, or null
   * @return the severity; never null
   */
  public static Severity parseLenient(String text) {
    if (text == null) {
      return UNKNOWN;
    }
    return switch (text.trim().toUpperCase(Locale.ROOT)) {
      case "CRITICAL" -> CRITICAL;
      case "HIGH", "IMPORTANT" -> HIGH;
      case "MEDIUM", "MODERATE" -> MEDIUM;
      case "LOW", "NEGLIGIBLE" -> LOW;
      default -> UNKNOWN;
    };
  }
}
