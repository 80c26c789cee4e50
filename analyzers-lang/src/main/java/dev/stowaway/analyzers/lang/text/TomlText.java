package dev.stowaway.analyzers.lang.text;

import dev.stowaway.api.analysis.AnalysisContext;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

/**
 * Parses a TOML document (<a href="https://toml.io/en/v1.0.0">TOML 1.0</a>, through tomlj) from an image,
 * recording malformed input as an issue. tomlj lists most syntax errors in its result but throws some
 * ({@link TomlParseError} for an invalid escape such as {@code "\E"}); both end here as one issue, so no
 * tomlj exception leaves an analyzer. Stateless and thread-safe.
 */
public final class TomlText {

  private TomlText() {}

  /**
   * Parses a document.
   *
   * @param text the document
   * @param context where the issue goes
   * @param path the file, for the issue
   * @param what what the file is, such as {@code Cargo.lock}, for the issue
   * @return the parsed document, or null when it was malformed (the issue is then recorded)
   */
  public static TomlParseResult parseOrRecord(String text, AnalysisContext context, String path, String what) {
    TomlParseResult toml;
    try {
      toml = Toml.parse(text);
    } catch (TomlParseError e) {
      context.addIssue(path, "malformed " + what + ": " + e.getMessage());
      return null;
    }
    if (toml.hasErrors()) {
      context.addIssue(path, "malformed " + what + ": " + toml.errors().get(0));
      return null;
    }
    return toml;
  }
}
