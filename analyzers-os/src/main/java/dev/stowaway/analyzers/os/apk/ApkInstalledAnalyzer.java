package dev.stowaway.analyzers.os.apk;

import dev.stowaway.analyzers.os.ecosystem.OsPackageUrl;
import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lists Alpine, Wolfi and Chainguard packages from the apk installed database
 * ({@code lib/apk/db/installed}, or {@code usr/lib/apk/db/installed} on Wolfi), with the files each
 * package owns.
 *
 * <p>Format: <a href="https://wiki.alpinelinux.org/wiki/Apk_spec">Apk spec, "Installed Database V2"</a>:
 * one {@code K:value} line per field, packages separated by blank lines. Used: {@code P} name,
 * {@code V} version, {@code A} arch, {@code o} origin (the source package; the package itself when
 * absent), {@code L} licence (kept as one expression, as written), {@code F} a directory and the
 * following {@code R} files in it (for ownership), {@code M} a directory's permissions.
 *
 * <p>Each package has ecosystem {@code apk} and a purl without namespace or distro
 * ({@code pkg:apk/NAME@VERSION?arch=ARCH}); the {@code OsPackageEcosystemFinisher} completes them after
 * the merge, when Alpine, Wolfi or Chainguard is known. A stanza without {@code P} or {@code V} is skipped
 * with an issue. A file that does not start like an apk database, or that gives permissions ({@code M})
 * to the top-level directory (as apko rejects), yields only an issue.
 *
 * <p>Stateless; thread-safe. Memory is bounded by the line length limit and the package and file limits.
 */
public final class ApkInstalledAnalyzer implements Analyzer {

  static final int MAX_LINE = 64 * 1024;
  static final int MAX_PACKAGES = 100_000;
  static final int MAX_FILES = 5_000_000;

  private static final EntrySelector SELECTOR =
      EntrySelector.builder().paths("lib/apk/db/installed", "usr/lib/apk/db/installed").build();

  /** Creates the analyzer; it has no configuration. */
  public ApkInstalledAnalyzer() {}

  /** {@inheritDoc} */
  @Override
  public String id() {
    return "apk";
  }

  /** {@inheritDoc} */
  @Override
  public String version() {
    return "1";
  }

  /** {@inheritDoc} */
  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  /** One stanza being read. */
  private static final class Stanza {
    String name;
    String version;
    String arch;
    String origin;
    String license;
    String dir = null;
    final List<String> files = new ArrayList<>();
    int line;
    boolean any;
  }

  /**
   * Parses the database and reports its packages. Does not close the stream.
   *
   * @param entry the database file; not null
   * @param content its bytes; not null
   * @param context the layer's context; not null
   * @throws IOException if reading fails
   */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    String path = entry.path();
    // never closed: closing it would close the caller's stream
    BufferedReader reader = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8), 8192);
    List<Package> out = new ArrayList<>();
    Stanza s = new Stanza();
    int lineNo = 0;
    int malformed = 0;
    int fileCount = 0;
    boolean seenField = false;
    String line;
    long maxLines = context.limits().maxLinesPerFile();
    while ((line = readLine(reader)) != null) {
      if (++lineNo > maxLines) {
        context.addIssue(path, "stopped after " + maxLines + " lines (limit maxLinesPerFile); later packages are"
            + " not reported");
        break;
      }
      if (line.isEmpty()) {
        if (s.any) {
          emit(s, path, context, out);
          if (out.size() >= MAX_PACKAGES) {
            context.addIssue(path, "more than " + MAX_PACKAGES + " packages; the rest is ignored");
            s = new Stanza();
            break;
          }
        }
        s = new Stanza();
        continue;
      }
      if (line.length() < 2 || line.charAt(1) != ':') {
        if (!seenField) {
          context.addIssue(path, "not an apk installed database (line " + lineNo + " is not a K:value field)");
          return;
        }
        malformed++;
        continue;
      }
      seenField = true;
      if (!s.any) {
        s.any = true;
        s.line = lineNo;
      }
      String v = line.substring(2);
      switch (line.charAt(0)) {
        case 'P' -> s.name = v.strip();
        case 'V' -> s.version = v.strip();
        case 'A' -> s.arch = v.strip();
        case 'o' -> s.origin = v.strip();
        case 'L' -> s.license = v.strip();
        case 'F' -> s.dir = v.strip();
        case 'M' -> {
          if (s.dir != null && s.dir.isEmpty()) {
            context.addIssue(path, "line " + lineNo + ": permissions (M) for the top-level directory; "
                + "database rejected");
            return;
          }
        }
        case 'R' -> {
          if (fileCount < MAX_FILES) {
            fileCount++;
            String dir = s.dir == null ? "" : s.dir;
            String file = (dir.isEmpty() ? "" : dir + "/") + v.strip();
            while (file.startsWith("/")) {
              file = file.substring(1);
            }
            s.files.add(file);
          }
        }
        default -> { }
      }
    }
    if (s.any && out.size() < MAX_PACKAGES) {
      emit(s, path, context, out);
    }
    if (malformed > 0) {
      context.addIssue(path, malformed + " malformed lines ignored");
    }
    if (fileCount >= MAX_FILES) {
      context.addIssue(path, "more than " + MAX_FILES + " owned files; ownership is incomplete");
    }
    out.forEach(context::addPackage);
  }

  private static void emit(Stanza s, String path, AnalysisContext context, List<Package> out) {
    if (s.name == null || s.name.isEmpty() || s.version == null || s.version.isEmpty()) {
      context.addIssue(path, "package at line " + s.line + (s.name == null ? "" : " (" + s.name + ")")
          + " has no " + (s.name == null || s.name.isEmpty() ? "name (P)" : "version (V)") + "; skipped");
      return;
    }
    String arch = s.arch == null || s.arch.isEmpty() ? null : s.arch;
    Map<String, String> q = new TreeMap<>();
    if (arch != null) {
      q.put("arch", arch);
    }
    String origin = s.origin == null || s.origin.isEmpty() ? s.name : s.origin;
    Package.Builder b = Package.builder("apk", s.name, s.version)
        .purl(new OsPackageUrl("apk", null, s.name, s.version, q).toString())
        .source(origin, s.version)
        .arch(arch)
        .location(context.location(path))
        .installedFiles(List.copyOf(s.files));
    if (s.license != null && !s.license.isEmpty()) {
      b.licenses(List.of(s.license));
    }
    out.add(b.build());
  }

  /** Reads a line (LF or CRLF), keeping at most {@link #MAX_LINE} characters; null at the end. */
  private static String readLine(BufferedReader r) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    boolean any = false;
    while ((c = r.read()) >= 0) {
      any = true;
      if (c == '\n') {
        break;
      }
      if (sb.length() < MAX_LINE) {
        sb.append((char) c);
      }
    }
    if (!any) {
      return null;
    }
    int len = sb.length();
    if (len > 0 && sb.charAt(len - 1) == '\r') {
      sb.setLength(len - 1);
    }
    return sb.toString();
  }
}
