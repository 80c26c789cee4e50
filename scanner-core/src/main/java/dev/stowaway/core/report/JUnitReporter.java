package dev.stowaway.core.report;

import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.report.Suppression;
import dev.stowaway.core.ResultOrder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes JUnit XML (the Ant/Surefire dialect CI servers read): one {@code testsuite} named after the
 * image, one {@code testcase} per finding, a {@code failure} for findings at or above the threshold,
 * {@code skipped} for suppressed ones. Stateless, thread-safe.
 */
public final class JUnitReporter implements Reporter {
  private final Severity threshold;

  /** Creates a reporter that fails findings of severity HIGH or above. */
  public JUnitReporter() {
    this(Severity.HIGH);
  }

  /**
   * Creates a reporter.
   *
   * @param threshold the lowest severity reported as a failure; not null
   */
  public JUnitReporter(Severity threshold) {
    this.threshold = Objects.requireNonNull(threshold, "threshold");
  }

  @Override
  public String format() {
    return "junit";
  }

  @Override
  public void write(ScanResult r, OutputStream out) throws IOException {
    List<Finding> findings = r.findings().stream().sorted(ResultOrder.FINDINGS).toList();
    int failures = 0;
    int skipped = 0;
    for (Finding f : findings) {
      if (r.isSuppressed(f)) {
        skipped++;
      } else if (f.severity() != Severity.UNKNOWN && f.severity().atLeast(threshold)) {
        failures++;
      }
    }
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    w.write("<testsuites name=\"stowaway\" tests=\"" + findings.size() + "\" failures=\"" + failures + "\" skipped=\""
        + skipped + "\">\n");
    w.write("  <testsuite name=\"" + xml(r.artifact().name()) + "\" tests=\"" + findings.size() + "\" failures=\""
        + failures + "\" errors=\"0\" skipped=\"" + skipped + "\" timestamp=\""
        + r.scannedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace("Z", "") + "\">\n");
    for (Finding f : findings) {
      String where = FindingText.uri(f.location()) + (f.line() > 0 ? ":" + f.line() : "");
      w.write("    <testcase classname=\"" + xml(f.kind()) + "\" name=\"" + xml(f.id() + " " + where) + "\"");
      Suppression sup = r.suppression(f);
      String text = f.severity().name() + " " + f.id() + ": " + f.title()
          + (f.purl() == null ? "" : " (" + f.purl() + ")") + " at " + where;
      if (sup != null && sup.active()) {
        w.write(">\n      <skipped message=\"" + xml("suppressed by "
            + sup.kind().name().toLowerCase(Locale.ROOT) + ": " + sup.reason()) + "\"/>\n    </testcase>\n");
      } else if (f.severity() != Severity.UNKNOWN && f.severity().atLeast(threshold)) {
        w.write(">\n      <failure type=\"" + f.severity().name() + "\" message=\"" + xml(f.title()) + "\">"
            + xml(text) + "</failure>\n    </testcase>\n");
      } else {
        w.write("/>\n");
      }
    }
    w.write("  </testsuite>\n</testsuites>\n");
    w.flush();
  }

  /** Escapes text for XML attributes and content; drops characters XML 1.0 cannot represent. */
  static String xml(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        case '\n' -> sb.append("&#10;");
        case '\t' -> sb.append("&#9;");
        default -> {
          if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF) {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
