package dev.stowaway.analyzers.os.release;

import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detects the operating system from {@code etc/os-release}, {@code usr/lib/os-release} and the older
 * distro-specific release files, and reports each as an OS release candidate whose precedence says how
 * authoritative the file is (lower wins after the layer merge):
 *
 * <table>
 *   <caption>Files and precedence</caption>
 *   <tr><th>file</th><th>precedence</th></tr>
 *   <tr><td>{@code etc/os-release}</td><td>0</td></tr>
 *   <tr><td>{@code usr/lib/os-release}</td><td>1</td></tr>
 *   <tr><td>{@code etc/alpine-release}, {@code etc/centos-release}, {@code etc/rocky-release},
 *       {@code etc/almalinux-release}, {@code etc/fedora-release}, {@code etc/oracle-release}</td><td>2</td></tr>
 *   <tr><td>{@code etc/redhat-release}, {@code etc/lsb-release}, {@code etc/SuSE-release}</td><td>3</td></tr>
 *   <tr><td>{@code etc/debian_version}</td><td>4</td></tr>
 *   <tr><td>{@code etc/system-release-cpe}</td><td>5</td></tr>
 *   <tr><td>{@code bin/busybox} (banner only)</td><td>9</td></tr>
 * </table>
 *
 * <p>Symlinks ({@code etc/os-release -> ../usr/lib/os-release}) are resolved by the core; this analyzer
 * only sees regular files. An os-release without {@code VERSION_ID} (older distroless Debian) takes the
 * version (and a missing {@code VERSION_CODENAME}, as in Ubuntu before 16.04, which has it in
 * {@code lsb-release}) from a release file of the same distro in the same layer. An os-release without {@code ID} is
 * reported as an issue and gives no candidate, so that a lower-precedence file can still name the OS.
 *
 * <p>Stateless; thread-safe. Per-layer candidates live in the context state.
 */
public final class OsReleaseAnalyzer implements Analyzer {

  /** Release text files larger than this are not release files; they are skipped with an issue. */
  static final int MAX_TEXT_BYTES = 64 * 1024;
  /** Largest busybox binary scanned for its banner. */
  static final long MAX_BINARY_BYTES = 16L << 20;

  private static final Map<String, Integer> PRECEDENCE = Map.ofEntries(
      Map.entry("etc/os-release", 0),
      Map.entry("usr/lib/os-release", 1),
      Map.entry("etc/alpine-release", 2),
      Map.entry("etc/centos-release", 2),
      Map.entry("etc/rocky-release", 2),
      Map.entry("etc/almalinux-release", 2),
      Map.entry("etc/fedora-release", 2),
      Map.entry("etc/oracle-release", 2),
      Map.entry("etc/redhat-release", 3),
      Map.entry("etc/lsb-release", 3),
      Map.entry("etc/SuSE-release", 3),
      Map.entry("etc/debian_version", 4),
      Map.entry("etc/system-release-cpe", 5),
      Map.entry("bin/busybox", 9));

  private static final EntrySelector SELECTOR = EntrySelector.builder()
      .paths(PRECEDENCE.keySet().toArray(String[]::new))
      .maxSize(MAX_BINARY_BYTES)
      .build();

  private static final Pattern BUSYBOX_BANNER = Pattern.compile("BusyBox v(\\d+(?:\\.\\d+)+)");

  /** A candidate found in the current layer. */
  private record Candidate(String path, int precedence, OsRelease release) {}

  /** The candidates of one layer, emitted in {@link #finishLayer}. */
  private static final class LayerCandidates {
    final List<Candidate> list = new ArrayList<>();
  }

  /** Creates the analyzer; it has no configuration. */
  public OsReleaseAnalyzer() {}

  /** {@inheritDoc} */
  @Override
  public String id() {
    return "os-release";
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
   * Parses one release file and keeps its candidate for {@link #finishLayer}. Does not close the stream.
   *
   * @param entry the selected file; not null
   * @param content its bytes; not null
   * @param context the layer's context; not null
   * @throws IOException if reading fails
   */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    String path = entry.path();
    Integer precedence = PRECEDENCE.get(path);
    if (precedence == null) {
      return;
    }
    OsRelease release;
    if (path.equals("bin/busybox")) {
      String version = findBusyboxVersion(content);
      if (version == null) {
        return; // not every file called busybox is BusyBox; nothing to say
      }
      release = ReleaseFiles.busybox(version);
    } else {
      byte[] bytes = readBounded(content);
      if (bytes == null) {
        context.addIssue(path, "larger than " + MAX_TEXT_BYTES + " bytes; not a release file, skipped");
        return;
      }
      String text = new String(bytes, StandardCharsets.UTF_8);
      int cut = endOfLine(text, context.limits().maxLinesPerFile());
      if (cut >= 0) {
        context.addIssue(path, "stopped after " + context.limits().maxLinesPerFile()
            + " lines (limit maxLinesPerFile); later lines not read");
        text = text.substring(0, cut);
      }
      release = parse(path, text, context);
      if (release == null) {
        context.addIssue(path, "names no operating system");
        return;
      }
    }
    context.state(LayerCandidates.class, LayerCandidates::new).list.add(new Candidate(path, precedence, release));
  }

  /**
   * Reports the layer's candidates, after filling a missing os-release version or codename from a release
   * file of the same distro in this layer.
   *
   * @param context the layer's context; not null
   */
  @Override
  public void finishLayer(AnalysisContext context) {
    List<Candidate> list = context.state(LayerCandidates.class, LayerCandidates::new).list;
    for (Candidate c : list) {
      OsRelease r = c.release();
      if (c.precedence() <= 1 && (r.versionId() == null || r.versionCodename() == null)) {
        for (Candidate other : list) {
          OsRelease o = other.release();
          if (other.precedence() > 1 && o.id().equals(r.id())) {
            r = new OsRelease(r.id(), r.versionId() != null ? r.versionId() : o.versionId(),
                r.version() != null ? r.version() : o.version(),
                r.versionCodename() != null ? r.versionCodename() : o.versionCodename(), r.name(),
                r.prettyName(), r.idLike());
          }
        }
      }
      context.addOsRelease(c.path(), c.precedence(), r);
    }
  }

  /** Where line {@code max} of the text ends (its newline), or -1 when the text has at most {@code max} lines. */
  static int endOfLine(String text, long max) {
    int at = -1;
    for (long line = 0; line < max; line++) {
      at = text.indexOf('\n', at + 1);
      if (at < 0) {
        return -1;
      }
    }
    // a final newline ends the last line; only text after it is a further line
    return at + 1 < text.length() ? at : -1;
  }

  private static OsRelease parse(String path, String text, AnalysisContext context) {
    String base = path.substring(path.lastIndexOf('/') + 1);
    switch (base) {
      case "os-release": {
        OsReleaseParser.Result parsed = OsReleaseParser.parse(text);
        for (String w : parsed.warnings()) {
          context.addIssue(path, w);
        }
        return fromOsRelease(parsed.values());
      }
      case "lsb-release":
        return ReleaseFiles.lsbRelease(OsReleaseParser.parse(text).values());
      case "alpine-release":
        return ReleaseFiles.alpineRelease(text);
      case "debian_version":
        return ReleaseFiles.debianVersion(text);
      case "SuSE-release":
        return ReleaseFiles.suseRelease(text);
      case "system-release-cpe":
        return ReleaseFiles.systemReleaseCpe(text);
      default: {
        // <distro>-release in the Red Hat style; the file name says the distro when the text does not
        String fallback = switch (base) {
          case "centos-release" -> "centos";
          case "rocky-release" -> "rocky";
          case "almalinux-release" -> "almalinux";
          case "fedora-release" -> "fedora";
          case "oracle-release" -> "ol";
          default -> "rhel";
        };
        return ReleaseFiles.redhatStyle(text, fallback);
      }
    }
  }

  /**
   * Maps parsed os-release assignments to an {@link OsRelease}; null without {@code ID}, because the
   * spec's default ({@code linux}) names no distribution.
   */
  static OsRelease fromOsRelease(Map<String, String> v) {
    String id = ReleaseFiles.blankToNull(v.get("ID"));
    if (id == null) {
      return null;
    }
    String codename = ReleaseFiles.blankToNull(v.get("VERSION_CODENAME"));
    if (codename == null) {
      codename = ReleaseFiles.blankToNull(v.get("UBUNTU_CODENAME"));
    }
    String idLike = ReleaseFiles.blankToNull(v.get("ID_LIKE"));
    List<String> like = idLike == null ? List.of()
        : Arrays.stream(idLike.strip().split("\\s+")).map(s -> s.toLowerCase(Locale.ROOT)).toList();
    return new OsRelease(id.strip().toLowerCase(Locale.ROOT), ReleaseFiles.blankToNull(v.get("VERSION_ID")),
        ReleaseFiles.blankToNull(v.get("VERSION")), codename, ReleaseFiles.blankToNull(v.get("NAME")),
        ReleaseFiles.blankToNull(v.get("PRETTY_NAME")), like);
  }

  /** Reads the whole stream if it holds at most {@link #MAX_TEXT_BYTES}; null if it holds more. */
  private static byte[] readBounded(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
      if (out.size() > MAX_TEXT_BYTES) {
        return null;
      }
    }
    return out.toByteArray();
  }

  /**
   * Scans a binary for the BusyBox banner with a sliding window, so a banner split across reads is still
   * found; memory stays at one window.
   */
  static String findBusyboxVersion(InputStream in) throws IOException {
    final int keep = 64;
    byte[] window = new byte[8192 + keep];
    int filled = 0;
    long total = 0;
    while (true) {
      int n = in.read(window, filled, window.length - filled);
      boolean eof = n < 0;
      if (!eof) {
        filled += n;
        total += n;
      }
      if (eof || filled == window.length) {
        String s = new String(window, 0, filled, StandardCharsets.ISO_8859_1);
        Matcher m = BUSYBOX_BANNER.matcher(s);
        while (m.find()) {
          if (eof || m.end() < filled) { // a match touching the end may continue in the next read
            return m.group(1);
          }
        }
        if (eof || total > MAX_BINARY_BYTES) {
          return null;
        }
        System.arraycopy(window, filled - keep, window, 0, keep);
        filled = keep;
      }
    }
  }
}
