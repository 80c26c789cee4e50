package dev.stowaway.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.ScanResult;
import java.io.IOException;

/** One finding as a table line or as JSON fields, the way diff and rescan print them. */
final class FindingLines {
  private FindingLines() {}

  /** {@code SEVERITY  ID  package version (fixed in X)}, or the path for findings without a package. */
  static String line(Finding f) {
    return "  " + pad(f.severity().name(), 9) + pad(f.id(), 22) + subject(f);
  }

  private static String subject(Finding f) {
    if (f instanceof VulnerabilityFinding v) {
      return v.packageName() + " " + (v.installedVersion() == null ? "?" : v.installedVersion())
          + (v.fixedVersion() == null ? "" : " (fixed in " + v.fixedVersion() + ")");
    }
    return f.location() == null ? f.title() : f.location().path() + (f.line() > 0 ? ":" + f.line() : "");
  }

  /** Writes the finding's fields into the current JSON object. */
  static void fields(JsonGenerator g, Finding f, ScanResult in) throws IOException {
    g.writeStringField("kind", f.kind());
    g.writeStringField("id", f.id());
    g.writeStringField("severity", f.severity().name());
    g.writeStringField("title", f.title());
    if (f.purl() != null) {
      g.writeStringField("purl", f.purl());
    }
    if (f instanceof VulnerabilityFinding v) {
      if (!v.aliases().isEmpty()) {
        g.writeArrayFieldStart("aliases");
        for (String a : v.aliases()) {
          g.writeString(a);
        }
        g.writeEndArray();
      }
      g.writeStringField("packageName", v.packageName());
      if (v.installedVersion() != null) {
        g.writeStringField("installedVersion", v.installedVersion());
      }
      if (v.fixedVersion() != null) {
        g.writeStringField("fixedVersion", v.fixedVersion());
      }
    }
    if (f.location() != null) {
      g.writeStringField("path", f.location().path());
    }
    g.writeBooleanField("suppressed", in.isSuppressed(f));
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s + " " : s + " ".repeat(w - s.length());
  }
}
