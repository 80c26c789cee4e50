package dev.stowaway.core.report;

import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.LayerInfo;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.ResultOrder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain-text report for terminals: the image, its layers, package counts per ecosystem, the
 * findings by severity, and the issues. Deterministic, no colours, no terminal width assumptions
 * beyond truncating long cells.
 */
public final class TableReporter implements Reporter {

  private static final int MAX_CELL = 70;

  private final boolean showSuppressed;

  /** Creates a table reporter that hides suppressed findings (the default). */
  public TableReporter() {
    this(false);
  }

  /**
   * Creates a table reporter.
   *
   * @param showSuppressed true to list suppressed findings too, marked {@code (suppressed)}
   */
  public TableReporter(boolean showSuppressed) {
    this.showSuppressed = showSuppressed;
  }

  @Override
  public String format() {
    return "table";
  }

  @Override
  public void write(ScanResult r, OutputStream out) throws IOException {
    PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    w.println(r.artifact().name());
    OsRelease os = r.os();
    w.println("OS: " + (os == null ? "unknown"
        : os.prettyName() != null ? os.prettyName() : os.id() + (os.versionId() == null ? "" : " " + os.versionId())));
    w.println();
    List<String[]> layers = new ArrayList<>();
    for (LayerInfo l : r.artifact().layers()) {
      layers.add(new String[] {String.valueOf(l.index()), l.diffId().shortHex(), humanSize(l.size()),
          l.createdBy() == null ? "" : l.createdBy()});
    }
    table(w, "Layers", new String[] {"#", "DIFF ID", "SIZE", "CREATED BY"}, layers);

    Map<String, Integer> perEcosystem = new TreeMap<>();
    for (Package p : r.packages()) {
      perEcosystem.merge(p.ecosystem(), 1, Integer::sum);
    }
    List<String[]> eco = new ArrayList<>();
    perEcosystem.forEach((k, v) -> eco.add(new String[] {k, String.valueOf(v)}));
    table(w, "Packages (" + r.packages().size() + ")", new String[] {"ECOSYSTEM", "COUNT"}, eco);

    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    List<String[]> rows = new ArrayList<>();
    int hidden = 0;
    for (Finding f : r.findings().stream().sorted((a, b) -> {
      int c = a.severity().compareTo(b.severity());
      return c != 0 ? c : ResultOrder.FINDINGS.compare(a, b);
    }).toList()) {
      boolean suppressed = r.isSuppressed(f);
      if (suppressed && !showSuppressed) {
        hidden++;
        continue;
      }
      counts.merge(f.severity(), 1, Integer::sum);
      rows.add(new String[] {f.severity().name(), f.kind(), f.id(), target(f),
          suppressed ? f.title() + " (suppressed)" : f.title()});
    }
    StringBuilder summary = new StringBuilder("Findings (" + (r.findings().size() - hidden));
    for (Severity s : Severity.values()) {
      if (counts.containsKey(s)) {
        summary.append(", ").append(s.name()).append(": ").append(counts.get(s));
      }
    }
    if (hidden > 0) {
      summary.append(", suppressed and hidden: ").append(hidden);
    }
    summary.append(')');
    table(w, summary.toString(), new String[] {"SEVERITY", "KIND", "ID", "WHERE", "TITLE"}, rows);

    if (!r.issues().isEmpty()) {
      List<String[]> issues = new ArrayList<>();
      r.issues().stream().sorted(ResultOrder.ISSUES).forEach(i -> issues.add(new String[] {
          i.analyzer(), i.location() == null ? "" : where(i.location()), i.message()}));
      table(w, "Issues (" + r.issues().size() + ")", new String[] {"ANALYZER", "WHERE", "MESSAGE"}, issues);
    }
    w.flush();
  }

  private static String target(Finding f) {
    StringBuilder sb = new StringBuilder();
    if (f instanceof VulnerabilityFinding v) {
      sb.append(v.packageName()).append(' ').append(v.installedVersion() == null ? "" : v.installedVersion());
      if (v.fixedVersion() != null) {
        sb.append(" (fixed in ").append(v.fixedVersion()).append(')');
      }
      return sb.toString();
    }
    if (f.location() != null) {
      sb.append(where(f.location()));
      if (f.line() > 0) {
        sb.append(':').append(f.line());
      }
    }
    if (f.removed()) {
      sb.append(" (deleted in a later layer)");
    }
    return sb.toString();
  }

  private static String where(Location l) {
    String s = l.path() + (l.nestedPath() == null ? "" : "!" + l.nestedPath());
    return l.layer() == null ? s : "L" + l.layer().index() + " " + s;
  }

  private static void table(PrintWriter w, String title, String[] header, List<String[]> rows) {
    w.println(title);
    if (rows.isEmpty()) {
      w.println("  (none)");
      w.println();
      return;
    }
    int[] width = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      width[i] = header[i].length();
    }
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], cell(row[i]).length());
      }
    }
    line(w, header, width);
    for (String[] row : rows) {
      line(w, row, width);
    }
    w.println();
  }

  private static void line(PrintWriter w, String[] row, int[] width) {
    StringBuilder sb = new StringBuilder("  ");
    for (int i = 0; i < row.length; i++) {
      String c = cell(row[i]);
      sb.append(c);
      if (i < row.length - 1) {
        sb.append(" ".repeat(width[i] - c.length() + 2));
      }
    }
    w.println(sb.toString().stripTrailing());
  }

  private static String cell(String s) {
    String one = s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    return one.length() > MAX_CELL ? one.substring(0, MAX_CELL - 3) + "..." : one;
  }

  private static String humanSize(long bytes) {
    if (bytes < 0) {
      return "?";
    }
    if (bytes < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
