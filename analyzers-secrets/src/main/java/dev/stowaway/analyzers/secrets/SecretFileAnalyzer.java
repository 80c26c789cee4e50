package dev.stowaway.analyzers.secrets;

import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Finds secrets in every regular file of every layer (files a later layer deletes included: the core's
 * layer merge marks those findings removed). Files up to {@link #MAX_SIZE} bytes are read in bounded
 * chunks by {@link SecretScanner}; binary files (a NUL in the first 8 KiB) are skipped; keystores
 * ({@code *.p12}, {@code *.jks}, ...) are reported by name without reading them. Stateless after
 * construction and thread-safe; never closes the stream it is given.
 */
public final class SecretFileAnalyzer implements Analyzer {
  /** Larger files are not selected (the walker records them as skipped). */
  public static final long MAX_SIZE = 10L << 20;

  /** Suffixes of files that hold no text secrets worth the read (compressed, media, compiled code). */
  private static final String[] SKIP_SUFFIXES = {
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".webp", ".tif", ".tiff", ".svgz", ".mp3", ".mp4", ".ogg",
    ".wav", ".avi", ".mov", ".ttf", ".otf", ".woff", ".woff2", ".eot", ".pfb", ".gz", ".tgz", ".bz2", ".xz",
    ".zst", ".lz4", ".lzma", ".zip", ".7z", ".rar", ".tar", ".deb", ".rpm", ".apk", ".jar", ".war", ".ear",
    ".whl", ".egg", ".class", ".pyc", ".pyo", ".so", ".a", ".o", ".ko", ".dll", ".exe", ".dylib", ".node",
    ".wasm", ".mo", ".gmo", ".cache", ".db", ".sqlite", ".pdf", ".dat", ".bin", ".img", ".iso", ".map.gz",
  };

  /** Path prefixes (image-relative, no leading slash) full of files that are never secrets. */
  private static final String[] SKIP_PREFIXES = {
    "usr/share/doc/", "usr/share/man/", "usr/share/info/", "usr/share/locale/", "usr/share/i18n/",
    "usr/share/zoneinfo/", "usr/share/ca-certificates/", "usr/share/mime/", "usr/share/icons/",
    "usr/share/fonts/", "usr/share/terminfo/", "usr/share/perl/", "usr/share/common-licenses/",
    "usr/lib/locale/", "usr/lib/x86_64-linux-gnu/gconv/", "usr/lib/aarch64-linux-gnu/gconv/", "etc/ssl/certs/",
    "var/lib/dpkg/info/", "var/lib/apt/lists/", "var/cache/apt/", "var/cache/debconf/", "proc/", "sys/",
    "dev/",
  };

  /**
   * System directories skipped unless the analyzer is built to scan them: their files come from OS and
   * language-runtime packages (headers, libraries, interpreters' standard libraries, shared data) and the
   * secrets rules find only test vectors and documentation examples there, while they are most of an
   * image's text bytes. The same directories as Trivy's built-in allow rules {@code usr-dirs},
   * {@code golang}, {@code python} and {@code node.js}
   * (https://github.com/aquasecurity/trivy/blob/main/pkg/fanal/secret/builtin-allow-rules.go). Where users and
   * builds put their own files ({@code etc/}, {@code root/}, {@code home/}, {@code app/}, {@code opt/} apart
   * from yarn, {@code usr/local/bin/}, {@code usr/local/etc/}, {@code usr/src/}, {@code srv/}, {@code var/})
   * stays scanned.
   */
  private static final String[] SYSTEM_PREFIXES = {"usr/share/", "usr/include/", "usr/lib/", "usr/local/go/"};

  /** The rules, or null for the built-in ones (taken on first use: see the no-argument constructor). */
  private final SecretRules rules;
  private final boolean scanSystemDirs;
  private final EntrySelector selector;

  /**
   * The ServiceLoader constructor: the built-in rules, system directories skipped. The rules are taken on
   * first use, so an analyzer that a scan disables ({@code --scanners} without {@code secret}) costs nothing.
   */
  public SecretFileAnalyzer() {
    this.rules = null;
    this.scanSystemDirs = false;
    this.selector = selector(false);
  }

  /**
   * System directories ({@code usr/share/}, {@code usr/lib/}, ...) skipped.
   *
   * @param rules the rules to apply (for example {@link SecretRules#parse} of a user file); never null
   */
  public SecretFileAnalyzer(SecretRules rules) {
    this(rules, false);
  }

  /**
   * @param rules the rules to apply; never null
   * @param scanSystemDirs true to scan also the system directories skipped by default ({@code usr/share/},
   *     {@code usr/include/}, {@code usr/lib/}, {@code usr/local/go/}, {@code usr/local/lib/pythonX.Y/},
   *     {@code opt/yarn-vX.Y.Z/}); documentation, locales and package metadata stay skipped either way
   */
  public SecretFileAnalyzer(SecretRules rules, boolean scanSystemDirs) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.scanSystemDirs = scanSystemDirs;
    this.selector = selector(scanSystemDirs);
  }

  private static EntrySelector selector(boolean scanSystemDirs) {
    return EntrySelector.builder()
        .matching(scanSystemDirs ? SecretFileAnalyzer::wanted : SecretFileAnalyzer::wantedOutsideSystemDirs)
        .maxSize(MAX_SIZE).build();
  }

  private SecretRules rules() {
    return rules != null ? rules : SecretRules.builtIn();
  }

  /** {@link #wanted} and not under a system directory. Allocation-free: runs for every entry of every layer. */
  static boolean wantedOutsideSystemDirs(LayerEntry e) {
    return !systemDir(e.path()) && wanted(e);
  }

  /** @return true if {@code p} (image-relative, optionally with a leading {@code /} or {@code ./}) is under a system directory */
  static boolean systemDir(String p) {
    int start = p.startsWith("/") ? 1 : p.startsWith("./") ? 2 : 0;
    for (String prefix : SYSTEM_PREFIXES) {
      if (p.startsWith(prefix, start)) {
        return true;
      }
    }
    return versionedDir(p, start, "usr/local/lib/python") || versionedDir(p, start, "opt/yarn-v");
  }

  /** {@code p} from {@code start} is {@code name}, then digits and dots (at least one digit), then '/'. */
  private static boolean versionedDir(String p, int start, String name) {
    if (!p.startsWith(name, start)) {
      return false;
    }
    int i = start + name.length();
    boolean digit = false;
    for (; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c != '.') {
        break;
      }
    }
    return digit && i < p.length() && p.charAt(i) == '/';
  }

  /** Allocation-free: runs for every entry of every layer. */
  static boolean wanted(LayerEntry e) {
    String p = e.path();
    int start = p.startsWith("/") ? 1 : p.startsWith("./") ? 2 : 0;
    for (String prefix : SKIP_PREFIXES) {
      if (p.startsWith(prefix, start)) {
        return false;
      }
    }
    for (String s : SKIP_SUFFIXES) {
      if (p.regionMatches(true, p.length() - s.length(), s, 0, s.length())) {
        return false;
      }
    }
    // shared libraries carry versions after the suffix (libfoo.so.1.2.3)
    return !p.contains(".so.");
  }

  @Override
  public String id() {
    return "secrets";
  }

  @Override
  public String version() {
    return "2";
  }

  /**
   * The rules themselves (records with their patterns' sources) and whether system directories are scanned:
   * results cached for the built-in rules are never served to a scan with a user's rule file or with
   * system directories scanned, and a change to the built-in file invalidates them too.
   */
  @Override
  public String settingsKey() {
    return "systemDirs=" + (scanSystemDirs ? "scanned" : "skipped") + "\n" + SecretRules.settingsTextOf(rules);
  }

  /** @return true if the system directories skipped by default are scanned */
  public boolean scansSystemDirs() {
    return scanSystemDirs;
  }

  @Override
  public EntrySelector selector() {
    return selector;
  }

  /**
   * Scans one file; findings go to {@code context}. Does not close {@code content}.
   *
   * @throws IOException if reading the entry fails
   */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    String path = entry.path();
    SecretScanner scanner = rules().scanner();
    if (scanner.pathAllowlisted(path)) {
      context.state(Skipped.class, Skipped::new).allowlisted++;
      return;
    }
    Location location = context.location(path);
    String diffId = context.layer().diffId().toString();
    for (SecretRule rule : scanner.pathFindings(path)) {
      context.addFinding(new SecretFinding(rule.id(), rule.severity(), rule.description(), location, 0,
          "****", SecretScanner.fingerprint(rule.id(), path, diffId, path), null));
    }
    SecretScanner.Result result = scanner.scan(path, content, context.limits().maxRegexReadsPerChar());
    if (result.binary()) {
      context.state(Skipped.class, Skipped::new).binary++;
      return;
    }
    for (SecretScanner.Match m : result.matches()) {
      context.addFinding(toFinding(m, path, diffId, location));
    }
    for (String ruleId : result.abandonedRules()) {
      context.addIssue(path, "secret rule " + ruleId + " gave up on part of the file: its regex exceeded the"
          + " time budget (pathological input; limit maxRegexReadsPerChar)");
    }
    if (result.truncated()) {
      context.addIssue(path, "more than " + SecretScanner.MAX_MATCHES_PER_FILE
          + " secret matches; the rest of the file was not scanned");
    }
  }

  /**
   * Reports how many selected files of the layer were not scanned (binary, or under a path a global
   * allowlist covers) as one issue, so the result says what the secret scan did not look at. Files over
   * {@link #MAX_SIZE} never reach the analyzer: the walker reports each of them as an issue of its own.
   */
  @Override
  public void finishLayer(AnalysisContext context) {
    Skipped s = context.state(Skipped.class, Skipped::new);
    if (s.binary > 0 || s.allowlisted > 0) {
      context.addIssue(null, SKIPPED_PREFIX + s.binary + " binary, " + s.allowlisted + " allowlisted path");
    }
  }

  /** The start of the per-layer skip-count issue; the counts follow. */
  static final String SKIPPED_PREFIX = "files not scanned for secrets: ";

  /** Per-layer counts of selected files that were not scanned. */
  static final class Skipped {
    int binary;
    int allowlisted;
  }

  static SecretFinding toFinding(SecretScanner.Match m, String path, String diffId, Location location) {
    SecretRule rule = m.rule();
    return new SecretFinding(rule.id(), rule.severity(), rule.description(), location, m.line(),
        SecretScanner.redact(m.secret()), SecretScanner.fingerprint(rule.id(), path, diffId, m.secret()), null,
        m.column(), m.entropy());
  }
}
