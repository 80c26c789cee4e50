package dev.stowaway.analyzers.iac.dockerfile;

import java.util.Objects;

/**
 * One here-document of an instruction ({@code RUN <<EOF ... EOF}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param delimiter the word that ends it, without quotes; never null
 * @param body the lines between the instruction and the delimiter, each ending with a newline (leading
 *     tabs already removed for {@code <<-}); never null
 * @param stripTabs true for {@code <<-}
 * @param quoted true when the delimiter was quoted, which turns off expansion inside the body
 * @param startLine the 1-based line of the body's first line
 */
public record Heredoc(String delimiter, String body, boolean stripTabs, boolean quoted, int startLine) {
  /** Requires delimiter and body. */
  public Heredoc {
    Objects.requireNonNull(delimiter, "delimiter");
    Objects.requireNonNull(body, "body");
  }
}
