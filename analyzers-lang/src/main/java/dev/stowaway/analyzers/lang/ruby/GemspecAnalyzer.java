package dev.stowaway.analyzers.lang.ruby;

import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reports installed gems from the stub specifications RubyGems writes to
 * {@code <gem home>/specifications/NAME-VERSION.gemspec}
 * (<a href="https://guides.rubygems.org/specification-reference/">specification reference</a>). The file is
 * Ruby; it is not evaluated: the {@code name}, {@code version} and {@code license}/{@code licenses}
 * assignments on the block variable of {@code Gem::Specification.new do |s|} are read as string literals,
 * which is how RubyGems generates them. Ecosystem {@code RubyGems}, purl {@code pkg:gem/NAME@VERSION}.
 * A file without both a name and a version is recorded as an issue. Stateless and thread-safe.
 */
public final class GemspecAnalyzer implements Analyzer {

  private static final int MAX_SIZE = 4 << 20;
  private static final EntrySelector SELECTOR =
      EntrySelector.builder().globs("**/specifications/*.gemspec").maxSize(MAX_SIZE).build();
  private static final Pattern BLOCK = Pattern.compile("Gem::Specification\\.new\\s+do\\s*\\|\\s*(\\w+)\\s*\\|");
  private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'((?:[^'\\\\]|\\\\.)*)'");

  /** Creates the analyzer (ServiceLoader). */
  public GemspecAnalyzer() {}

  @Override
  public String id() {
    return "gemspec";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  /** Reads the assignments; see the class comment. */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    byte[] bytes = content.readNBytes(MAX_SIZE + 1);
    if (bytes.length > MAX_SIZE) {
      context.addIssue(entry.path(), "gemspec larger than " + MAX_SIZE + " bytes");
      return;
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    Matcher block = BLOCK.matcher(text);
    if (!block.find()) {
      context.addIssue(entry.path(), "not a gemspec: no Gem::Specification.new block");
      return;
    }
    String var = Pattern.quote(block.group(1));
    String name = first(text, var, "name");
    String version = first(text, var, "version");
    if (name == null || version == null) {
      context.addIssue(entry.path(), "gemspec without a literal " + (name == null ? "name" : "version"));
      return;
    }
    List<String> licenses = new ArrayList<>();
    Matcher lic = Pattern.compile("(?m)^\\s*" + var + "\\.licen[sc]es?\\s*=\\s*(.*)$").matcher(text);
    while (lic.find()) {
      Matcher q = QUOTED.matcher(lic.group(1));
      while (q.find()) {
        licenses.add(q.group(1) != null ? q.group(1) : q.group(2));
      }
    }
    context.addPackage(RubyGems.gem(name, version, context.location(entry.path()))
        .licenses(licenses).property("identifiedBy", "gemspec").build());
  }

  private static String first(String text, String var, String attribute) {
    Matcher m = Pattern.compile("(?m)^\\s*" + var + "\\." + attribute + "\\s*=\\s*(.*)$").matcher(text);
    if (!m.find()) {
      return null;
    }
    Matcher q = QUOTED.matcher(m.group(1));
    if (!q.find()) {
      return null;
    }
    String v = q.group(1) != null ? q.group(1) : q.group(2);
    return v.isBlank() ? null : v;
  }
}
