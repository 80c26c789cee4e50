package dev.stowaway.cli;

import dev.stowaway.analyzers.iac.ComplianceReport;
import java.io.PrintStream;

/** Renders a compliance report: one line per control with PASS/FAIL/MANUAL, then the verdict. */
final class ComplianceOutput {
  private ComplianceOutput() {}

  static void table(ComplianceReport report, PrintStream out) {
    out.println(report.title());
    int idWidth = 2;
    for (ComplianceReport.ControlResult c : report.controls()) {
      idWidth = Math.max(idWidth, c.id().length());
    }
    out.println("  " + pad("ID", idWidth) + "  STATUS  FINDINGS  TITLE");
    for (ComplianceReport.ControlResult c : report.controls()) {
      out.println("  " + pad(c.id(), idWidth) + "  " + pad(c.status().name(), 6) + "  " + pad(String.valueOf(c.findings()), 8)
          + "  " + c.title());
    }
    out.println();
    out.println(report.passed() ? "PASSED" : "FAILED");
  }

  static void json(ComplianceReport report, PrintStream out) {
    StringBuilder sb = new StringBuilder();
    sb.append("{\n  \"benchmark\" : ").append(quote(report.benchmark())).append(",\n  \"title\" : ")
        .append(quote(report.title())).append(",\n  \"passed\" : ").append(report.passed()).append(",\n  \"controls\" : [");
    String sep = " ";
    for (ComplianceReport.ControlResult c : report.controls()) {
      sb.append(sep).append("{\n    \"id\" : ").append(quote(c.id())).append(",\n    \"title\" : ").append(quote(c.title()))
          .append(",\n    \"status\" : ").append(quote(c.status().name())).append(",\n    \"findings\" : ")
          .append(c.findings()).append("\n  }");
      sep = ", ";
    }
    sb.append(" ]\n}");
    out.println(sb);
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
