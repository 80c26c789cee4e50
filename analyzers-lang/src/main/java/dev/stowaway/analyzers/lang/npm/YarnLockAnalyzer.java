package dev.stowaway.analyzers.lang.npm;

import dev.stowaway.analyzers.lang.text.LineBudget;
import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reports npm packages from {@code yarn.lock}, classic (v1) and berry (v2+) formats.
 *
 * <p>Format: <a href="https://classic.yarnpkg.com/lang/en/docs/yarn-lock/">yarn.lock</a>: unindented
 * descriptor lines ({@code "name@range", "name@range2":}) open a block whose indented {@code version}
 * line holds the resolved version ({@code version "1.2.3"} in v1, {@code version: 1.2.3} in berry). The
 * berry {@code __metadata} block and {@code workspace:}/{@code link:}/{@code portal:}/{@code file:}
 * entries are skipped, and so are git, github and other non-registry protocols; {@code "version"} may be
 * quoted. Dev-only status is not in the lock file and is not reported. Ecosystem {@code
 * npm}. Stateless and thread-safe.
 */
public final class YarnLockAnalyzer implements Analyzer {

  private static final EntrySelector SELECTOR =
      EntrySelector.builder().basenames("yarn.lock").maxSize(64L << 20).build();

  /** Creates the analyzer (ServiceLoader). */
  public YarnLockAnalyzer() {}

  @Override
  public String id() {
    return "yarn-lock";
  }

  @Override
  public String version() {
    return "2";
  }

  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  /** Parses the lock file line by line; a file with blocks but no versions is recorded as an issue. */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8));
    String name = null;
    int blocks = 0;
    Set<String> seen = new LinkedHashSet<>();
    LineBudget budget = new LineBudget(context, entry.path(), "later packages");
    String line;
    while ((line = r.readLine()) != null && budget.take()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (!Character.isWhitespace(line.charAt(0))) {
        name = null;
        if (!line.endsWith(":") || line.startsWith("__metadata")) {
          continue;
        }
        String first = line.substring(0, line.length() - 1).split(",", 2)[0].trim();
        first = first.replace("\"", "");
        int at = first.indexOf('@', 1);
        if (at < 0) {
          continue;
        }
        String range = first.substring(at + 1);
        if (range.startsWith("workspace:") || range.startsWith("link:") || range.startsWith("portal:")
            || range.startsWith("file:")) {
          continue;
        }
        // a git, github or unknown protocol names code that is not that npm release, whatever its
        // package.json says (trivy skips these too); npm:, patch: (a registry release with a compat
        // patch) and tarball URLs stay
        int colon = range.indexOf(':');
        if (colon > 0 && range.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")
            && !Set.of("npm", "patch", "http", "https").contains(range.substring(0, colon))) {
          continue;
        }
        name = first.substring(0, at);
        blocks++; // a registry entry, which must have a version
        continue;
      }
      String t = line.trim();
      // v1 writes the key bare or quoted ("version" "1.2.3", as yarn does for some registries)
      String key = t.startsWith("\"version\"") ? "\"version\"" : "version";
      if (name != null && line.startsWith("  ") && !line.startsWith("   ") && t.startsWith(key)
          && (t.length() == key.length() || t.charAt(key.length()) == ':' || t.charAt(key.length()) == ' ')) {
        String v = t.substring(key.length()).replaceFirst("^:?\\s*", "").replace("\"", "").trim();
        if (!v.isEmpty() && seen.add(name + "@" + v)) {
          context.addPackage(NpmPackages.npm(name, v, context.location(entry.path()))
              .property("identifiedBy", "yarn.lock")
              .build());
        }
        name = null;
      }
    }
    if (blocks > 0 && seen.isEmpty()) {
      context.addIssue(entry.path(), "yarn.lock without any package version");
    }
  }
}
