package dev.stowaway.analyzers.os.dpkg;

import dev.stowaway.analyzers.os.ecosystem.OsPackageUrl;
import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Lists Debian packages from the dpkg database of a layer: {@code var/lib/dpkg/status}, or the distroless
 * {@code var/lib/dpkg/status.d/NAME} files (one or more stanzas each), with file ownership from
 * {@code var/lib/dpkg/info/*.list} (fallback {@code info/*.md5sums}) and {@code status.d/*.md5sums}.
 *
 * <p>Formats: <a href="https://www.debian.org/doc/debian-policy/ch-controlfields.html">control fields</a>,
 * <a href="https://man7.org/linux/man-pages/man1/dpkg.1.html">dpkg(1)</a> (package states) and
 * <a href="https://wiki.debian.org/Multiarch/Implementation">multiarch</a> ({@code info/NAME:ARCH.list}).
 *
 * <p>Only stanzas whose {@code Status} says the package's files are on disk are reported (state
 * {@code installed}, {@code half-configured}, {@code triggers-awaited} or {@code triggers-pending});
 * distroless stanzas without {@code Status} count as installed. Each package has ecosystem {@code deb}
 * and a purl without namespace or distro ({@code pkg:deb/NAME@VERSION?arch=ARCH}) because the distro is
 * only known after the layer merge; the {@code OsPackageEcosystemFinisher} completes both. The source
 * package is {@code Source:} (with its own version when given in parentheses), else the package itself,
 * as {@code dpkg-query -W -f='${source:Package} ${source:Version}'} reports it. A package is located at
 * the database file it came from, so a later layer that rewrites or deletes that file replaces it.
 *
 * <p>Licences come from a {@code License} field when there is one, else from
 * {@code usr/share/doc/NAME/copyright} in the same layer (see {@link DebianCopyright}).
 *
 * <p>A file that looks like a vcpkg status file (it uses the same name) is reported as an issue and
 * yields nothing. Stateless; thread-safe; per-layer data (parsed records and file lists, never raw bytes)
 * lives in the context state.
 */
public final class DpkgStatusAnalyzer implements Analyzer {

  static final String STATUS = "var/lib/dpkg/status";
  static final String STATUS_D = "var/lib/dpkg/status.d/";
  static final String INFO = "var/lib/dpkg/info/";
  static final String DOC = "usr/share/doc/";
  /** Most packages accepted from one layer; more is hostile input. */
  static final int MAX_PACKAGES = 200_000;
  /** Most file-list lines accepted from one layer. */
  static final int MAX_FILE_ENTRIES = 5_000_000;

  private static final Set<String> FIELDS = Set.of("package", "status", "version", "architecture", "source",
      "multi-arch", "license", "abi", "feature", "type");
  /** Package states in which the package's files are on disk and it counts as installed. */
  private static final Set<String> INSTALLED_STATES =
      Set.of("installed", "half-configured", "triggers-awaited", "triggers-pending");
  /** Maintainer-script and metadata files that sit next to stanza files in distroless status.d. */
  private static final Set<String> STATUS_D_NON_DB_SUFFIXES = Set.of(".md5sums", ".preinst", ".postinst",
      ".prerm", ".postrm", ".list", ".conffiles", ".triggers", ".shlibs", ".symbols", ".templates", ".config",
      ".control");

  private static final EntrySelector SELECTOR = EntrySelector.builder()
      .paths(STATUS)
      .globs(STATUS_D + "*", INFO + "*.list", INFO + "*.md5sums", DOC + "*/copyright")
      .build();

  /** One installed package as parsed, before its file list is joined. */
  private record Record(String path, String name, String version, String arch, String sourceName,
      String sourceVersion, String multiArch, String license) {}

  /** Parsed data of one layer, joined in {@link #finishLayer}. */
  private static final class LayerState {
    final List<Record> records = new ArrayList<>();
    /** info/NAME[:ARCH].list, keyed by NAME[:ARCH]. */
    final Map<String, List<String>> lists = new HashMap<>();
    /** info/NAME[:ARCH].md5sums, keyed by NAME[:ARCH]. */
    final Map<String, List<String>> infoMd5sums = new HashMap<>();
    /** usr/share/doc/NAME/copyright licences keyed by NAME. */
    final Map<String, java.util.Set<String>> copyrightLicenses = new HashMap<>();
    /** status.d/X.md5sums keyed by X. */
    final Map<String, List<String>> statusDMd5sums = new HashMap<>();
    int fileEntries;
    boolean fileEntryLimitReported;
  }

  /** Creates the analyzer; it has no configuration. */
  public DpkgStatusAnalyzer() {}

  /** {@inheritDoc} */
  @Override
  public String id() {
    return "dpkg";
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

  /**
   * Parses a status file, a status.d file or a file list into the layer state. Does not close the stream.
   *
   * @param entry the selected entry; not null
   * @param content its bytes; not null
   * @param context the layer's context; not null
   * @throws IOException if reading fails
   */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    String path = entry.path();
    LayerState state = context.state(LayerState.class, LayerState::new);
    if (path.equals(STATUS)) {
      parseStatus(path, content, context, state);
    } else if (path.startsWith(STATUS_D)) {
      String base = path.substring(STATUS_D.length());
      if (base.contains("/")) {
        return;
      }
      if (base.endsWith(".md5sums")) {
        state.statusDMd5sums.put(base.substring(0, base.length() - ".md5sums".length()),
            readFileList(path, content, context, state, true));
      } else if (!hasNonDbSuffix(base)) {
        parseStatus(path, content, context, state);
      }
    } else if (path.startsWith(DOC) && path.endsWith("/copyright")) {
      String name = path.substring(DOC.length(), path.length() - "/copyright".length());
      if (!name.contains("/")) {
        state.copyrightLicenses.put(name, DebianCopyright.licenses(content));
      }
    } else if (path.startsWith(INFO)) {
      String base = path.substring(INFO.length());
      if (base.contains("/")) {
        return;
      }
      if (base.endsWith(".list")) {
        state.lists.put(base.substring(0, base.length() - ".list".length()),
            readFileList(path, content, context, state, false));
      } else if (base.endsWith(".md5sums")) {
        state.infoMd5sums.put(base.substring(0, base.length() - ".md5sums".length()),
            readFileList(path, content, context, state, true));
      }
    }
  }

  /**
   * Joins the parsed packages with their file lists and reports them.
   *
   * @param context the layer's context; not null
   */
  @Override
  public void finishLayer(AnalysisContext context) {
    LayerState state = context.state(LayerState.class, LayerState::new);
    for (Record r : state.records) {
      List<String> files = filesOf(r, state);
      Package.Builder b = Package.builder("deb", r.name(), r.version())
          .purl(purl(r))
          .source(r.sourceName(), r.sourceVersion())
          .arch(r.arch())
          .location(context.location(r.path()))
          .installedFiles(files);
      if (r.license() != null) {
        b.licenses(List.of(r.license()));
      } else {
        java.util.Set<String> fromCopyright = state.copyrightLicenses.get(r.name());
        if (fromCopyright != null) {
          b.licenses(List.copyOf(fromCopyright));
        }
      }
      if (r.multiArch() != null) {
        b.property("multiArch", r.multiArch());
      }
      context.addPackage(b.build());
    }
  }

  private static List<String> filesOf(Record r, LayerState state) {
    List<String> raw = null;
    if (r.path().startsWith(STATUS_D)) {
      raw = state.statusDMd5sums.get(r.path().substring(STATUS_D.length()));
      if (raw == null) {
        raw = state.statusDMd5sums.get(r.name());
      }
    }
    if (raw == null && r.arch() != null) {
      raw = state.lists.get(r.name() + ":" + r.arch());
    }
    if (raw == null) {
      raw = state.lists.get(r.name());
    }
    if (raw == null && r.arch() != null) {
      raw = state.infoMd5sums.get(r.name() + ":" + r.arch());
    }
    if (raw == null) {
      raw = state.infoMd5sums.get(r.name());
    }
    return raw == null ? List.of() : withoutDirectories(raw);
  }

  /**
   * Drops the directories a {@code .list} names (every entry that is the parent of another entry), so
   * that what remains is the files and links the package installed; sorted, without duplicates.
   */
  static List<String> withoutDirectories(List<String> paths) {
    TreeSet<String> sorted = new TreeSet<>(paths);
    List<String> out = new ArrayList<>(sorted.size());
    for (String p : sorted) {
      // the smallest entry at or after "p/" starts with "p/" exactly when p has a child
      String next = sorted.ceiling(p + "/");
      if (next == null || !next.startsWith(p + "/")) {
        out.add(p);
      }
    }
    return out;
  }

  static String purl(Record r) {
    Map<String, String> q = new TreeMap<>();
    if (r.arch() != null) {
      q.put("arch", r.arch());
    }
    return new OsPackageUrl("deb", null, r.name(), r.version(), q).toString();
  }

  private static boolean hasNonDbSuffix(String base) {
    for (String s : STATUS_D_NON_DB_SUFFIXES) {
      if (base.endsWith(s)) {
        return true;
      }
    }
    return base.startsWith(".");
  }

  private static void parseStatus(String path, InputStream content, AnalysisContext context, LayerState state)
      throws IOException {
    ControlStanzaReader reader = new ControlStanzaReader(content, FIELDS, context.limits().maxLinesPerFile());
    List<Record> found = new ArrayList<>();
    boolean vcpkg = false;
    Map<String, String> f;
    while ((f = reader.next()) != null) {
      if (f.containsKey("abi") || f.containsKey("feature") || "Port".equalsIgnoreCase(f.get("type"))) {
        vcpkg = true; // vcpkg writes a "status" file in the same syntax, for Windows/CMake ports
        continue;
      }
      String name = f.get("package");
      if (name == null || name.isEmpty()) {
        context.addIssue(path, "stanza at line " + reader.stanzaStartLine() + " has no Package field; skipped");
        continue;
      }
      if (!isInstalled(f.get("status"))) {
        continue;
      }
      String version = blankToNull(f.get("version"));
      if (version == null) {
        // dpkg itself rejects such a stanza; without a version the package could not be matched anyway
        context.addIssue(path, "package " + name + " has no Version; skipped");
        continue;
      }
      if (!isValidVersion(version)) {
        context.addIssue(path, "package " + name + " has an invalid Version '" + version + "'; skipped");
        continue;
      }
      if (state.records.size() + found.size() >= MAX_PACKAGES) {
        context.addIssue(path, "more than " + MAX_PACKAGES + " packages in one layer; the rest is ignored");
        break;
      }
      String arch = blankToNull(f.get("architecture"));
      String sourceName = name;
      String sourceVersion = version;
      String source = blankToNull(f.get("source"));
      if (source != null) {
        int paren = source.indexOf('(');
        if (paren >= 0) {
          sourceName = source.substring(0, paren).strip();
          int close = source.indexOf(')', paren);
          String v = source.substring(paren + 1, close < 0 ? source.length() : close).strip();
          if (!v.isEmpty()) {
            sourceVersion = v;
          }
        } else {
          sourceName = source.strip();
        }
        if (sourceName.isEmpty()) {
          sourceName = name;
        }
      }
      found.add(new Record(path, name, version, arch, sourceName, sourceVersion,
          blankToNull(f.get("multi-arch")), blankToNull(f.get("license"))));
    }
    if (vcpkg) {
      context.addIssue(path, "not a dpkg database (vcpkg status file); ignored");
      return;
    }
    if (reader.lineLimitReached()) {
      context.addIssue(path, "stopped after " + context.limits().maxLinesPerFile()
          + " lines (limit maxLinesPerFile); later packages are not reported");
    }
    if (reader.truncatedLines() > 0) {
      context.addIssue(path, reader.truncatedLines() + " lines longer than " + ControlStanzaReader.MAX_LINE
          + " bytes were cut");
    }
    if (reader.malformedLines() > 0) {
      context.addIssue(path, reader.malformedLines() + " malformed lines ignored");
    }
    state.records.addAll(found);
  }

  /**
   * Checks the syntax dpkg enforces on a version ({@code [epoch:]upstream[-revision]}, epoch numeric, only
   * alphanumerics and {@code . + ~ -} in upstream and revision, {@code :} only after an epoch), so that
   * stanzas dpkg itself refuses are refused here too. Ordering is not this class's business.
   */
  static boolean isValidVersion(String v) {
    String rest = v;
    int colon = v.indexOf(':');
    if (colon >= 0) {
      String epoch = v.substring(0, colon);
      if (epoch.isEmpty() || !epoch.chars().allMatch(Character::isDigit)) {
        return false;
      }
      rest = v.substring(colon + 1);
    }
    if (rest.isEmpty()) {
      return false;
    }
    int dash = rest.lastIndexOf('-');
    String upstream = dash >= 0 ? rest.substring(0, dash) : rest;
    String revision = dash >= 0 ? rest.substring(dash + 1) : "";
    if (upstream.isEmpty() || dash >= 0 && revision.isEmpty()) {
      return false;
    }
    return upstream.chars().allMatch(c -> isVersionChar(c) || c == '-' || c == ':')
        && revision.chars().allMatch(DpkgStatusAnalyzer::isVersionChar);
  }

  private static boolean isVersionChar(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '+'
        || c == '~';
  }

  /** True for "want ok state" triples whose state means installed; also when there is no Status. */
  static boolean isInstalled(String status) {
    if (status == null || status.isBlank()) {
      return true; // distroless status.d stanzas carry no Status
    }
    String[] words = status.strip().split("\\s+");
    String state = words[words.length - 1].toLowerCase(Locale.ROOT);
    return INSTALLED_STATES.contains(state);
  }

  /**
   * Reads a {@code .list} (one absolute path per line) or {@code .md5sums} ({@code md5  path}) file into
   * normalised paths (no leading {@code /}; {@code /.} dropped).
   */
  private static List<String> readFileList(String path, InputStream content, AnalysisContext context,
      LayerState state, boolean md5sums) throws IOException {
    List<String> out = new ArrayList<>();
    LineSource lines = new LineSource(content);
    long maxLines = context.limits().maxLinesPerFile();
    long lineNo = 0;
    String line;
    while ((line = lines.next()) != null) {
      if (++lineNo > maxLines) {
        context.addIssue(path, "stopped after " + maxLines + " lines (limit maxLinesPerFile); later paths not read");
        break;
      }
      String p = line;
      if (md5sums) {
        int sp = p.indexOf(' ');
        if (sp < 0) {
          continue;
        }
        p = p.substring(sp).strip();
      }
      p = normalise(p);
      if (p == null) {
        continue;
      }
      if (state.fileEntries >= MAX_FILE_ENTRIES) {
        if (!state.fileEntryLimitReported) {
          state.fileEntryLimitReported = true;
          context.addIssue(path, "more than " + MAX_FILE_ENTRIES + " file-list entries in one layer; the rest "
              + "is ignored");
        }
        break;
      }
      state.fileEntries++;
      out.add(p);
    }
    return out;
  }

  static String normalise(String p) {
    String s = p.strip();
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    if (s.startsWith("./")) {
      s = s.substring(2);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s.isEmpty() || s.equals(".") ? null : s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /**
   * Lines of a text stream, each cut at {@link ControlStanzaReader#MAX_LINE} characters. Scans its own buffer
   * for line ends: a file list has a line per installed file, and a {@code read()} per character (a lock
   * each) was a noticeable part of a large image's scan.
   */
  private static final class LineSource {
    private final java.io.Reader reader;
    private final char[] buf = new char[8192];
    private int pos;
    private int limit;

    LineSource(InputStream in) {
      // the reader is never closed: closing it would close the caller's stream
      this.reader = new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8);
    }

    String next() throws IOException {
      StringBuilder sb = new StringBuilder();
      boolean any = false;
      while (true) {
        if (pos == limit) {
          int n = reader.read(buf, 0, buf.length);
          if (n < 0) {
            if (!any) {
              return null;
            }
            break;
          }
          pos = 0;
          limit = n;
        }
        any = true;
        int start = pos;
        while (pos < limit && buf[pos] != '\n') {
          pos++;
        }
        int room = ControlStanzaReader.MAX_LINE - sb.length();
        if (room > 0) {
          sb.append(buf, start, Math.min(pos - start, room));
        }
        if (pos < limit) {
          pos++; // the line end
          break;
        }
      }
      int len = sb.length();
      if (len > 0 && sb.charAt(len - 1) == '\r') {
        sb.setLength(len - 1);
      }
      return sb.toString();
    }
  }
}
