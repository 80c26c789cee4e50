package dev.stowaway.analyzers.lang.ruby;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reports the gems a {@code Gemfile.lock} resolved
 * (<a href="https://bundler.io/guides/bundler_in_depth.html#lockfile">Bundler lockfile</a>): the
 * four-space indented {@code name (version)} lines under {@code specs:} of the {@code GEM} and {@code GIT}
 * sections. A platform suffix ({@code 1.13.6-x86_64-linux}) is kept as property {@code platform}, not
 * in the version. Gems of {@code GIT} and {@code PATH} sections get property {@code source=git} /
 * {@code path}; a {@code PATH} section with {@code remote: .} is the project itself and is skipped. Ecosystem
 * {@code RubyGems}. A lock file with no section at all is recorded as an issue. Stateless and
 * thread-safe.
 */
public final class GemfileLockAnalyzer implements Analyzer {

  private static final EntrySelector SELECTOR =
      EntrySelector.builder().basenames("Gemfile.lock", "gems.locked").maxSize(16 << 20).build();
  private static final Pattern SPEC = Pattern.compile("^ {4}([^ (]+) \\(([^)]+)\\)$");

  /** Creates the analyzer (ServiceLoader). */
  public GemfileLockAnalyzer() {}

  @Override
  public String id() {
    return "gemfile-lock";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  /** Reads the sections line by line. */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8));
    String section = null;
    boolean sawSection = false;
    boolean inSpecs = false;
    String remote = null;
    LineBudget budget = new LineBudget(context, entry.path(), "later gems");
    String line;
    while ((line = r.readLine()) != null && budget.take()) {
      if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
        section = line.strip();
        sawSection |= section.matches("GEM|GIT|PATH|PLATFORMS|DEPENDENCIES|BUNDLED WITH|RUBY VERSION|PLUGIN SOURCE");
        inSpecs = false;
        remote = null;
        continue;
      }
      if (line.startsWith("  remote: ")) {
        remote = line.substring("  remote: ".length()).strip();
      }
      if (line.strip().equals("specs:")) {
        inSpecs = true;
        continue;
      }
      boolean project = "PATH".equals(section) && (".".equals(remote) || "./".equals(remote));
      if (!inSpecs || project || !("GEM".equals(section) || "GIT".equals(section) || "PATH".equals(section))) {
        continue;
      }
      Matcher m = SPEC.matcher(line);
      if (m.matches()) {
        String version = m.group(2);
        String platform = null;
        int dash = version.indexOf('-');
        if (dash > 0) {
          platform = version.substring(dash + 1);
          version = version.substring(0, dash);
        }
        var b = RubyGems.gem(m.group(1), version, context.location(entry.path()))
            .property("identifiedBy", "Gemfile.lock");
        if (platform != null) {
          b.property("platform", platform);
        }
        if (!"GEM".equals(section)) {
          b.property("source", section.toLowerCase(java.util.Locale.ROOT));
        }
        context.addPackage(b.build());
      }
    }
    if (!sawSection) {
      context.addIssue(entry.path(), "not a Gemfile.lock: no GEM, GIT, PATH or DEPENDENCIES section");
    }
  }
}
