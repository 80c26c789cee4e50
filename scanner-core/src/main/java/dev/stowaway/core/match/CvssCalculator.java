package dev.stowaway.core.match;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Computes CVSS v4.0, v3.0/v3.1 and v2 base scores from vectors, as the FIRST specifications define them.
 * For v3 and v2, temporal and environmental metrics in a vector are accepted and ignored (base score
 * only). For v4.0 the vector is scored as written with the specification's macro-vector method (see
 * {@link Cvss4Scoring}): threat and environmental metrics, when a record includes them, are part of the
 * v4.0 score by design of that version. Stateless and thread-safe.
 *
 * @see <a href="https://www.first.org/cvss/v4.0/specification-document">CVSS v4.0 specification</a>
 * @see <a href="https://www.first.org/cvss/v3.1/specification-document">CVSS v3.1 specification</a>
 * @see <a href="https://www.first.org/cvss/v3.0/specification-document">CVSS v3.0 specification</a>
 * @see <a href="https://www.first.org/cvss/v2/guide">CVSS v2 guide</a>
 */
public final class CvssCalculator {
  private static final Set<String> V3_BASE = Set.of("AV", "AC", "PR", "UI", "S", "C", "I", "A");
  private static final Set<String> V2_BASE = Set.of("AV", "AC", "Au", "C", "I", "A");

  private CvssCalculator() {}

  /**
   * Scores a vector: {@code CVSS:4.0/...}, {@code CVSS:3.1/...}, {@code CVSS:3.0/...}, or a v2 vector ({@code AV:N/AC:L/Au:N/...},
   * optionally in parentheses or with a {@code CVSS:2.0/} prefix).
   *
   * @param vector the vector; not null
   * @return the score; never null
   * @throws IllegalArgumentException if the vector is malformed, lacks a base metric, repeats one, or is
   *     of an unsupported version
   */
  public static CvssScore score(String vector) {
    String v = vector.trim();
    if (v.startsWith("(") && v.endsWith(")")) {
      v = v.substring(1, v.length() - 1);
    }
    if (v.startsWith("CVSS:4.0/")) {
      return Cvss4Scoring.score(v);
    }
    if (v.startsWith("CVSS:3.1/") || v.startsWith("CVSS:3.0/")) {
      return scoreV3(vector, v.substring(5, 8), metrics(vector, v.substring(9), V3_BASE));
    }
    if (v.startsWith("CVSS:2.0/")) {
      v = v.substring(9);
    }
    if (v.startsWith("CVSS:")) {
      throw new IllegalArgumentException("unsupported CVSS version in '" + vector + "'");
    }
    return scoreV2(vector, metrics(vector, v, V2_BASE));
  }

  private static Map<String, String> metrics(String vector, String body, Set<String> base) {
    Map<String, String> m = new HashMap<>();
    for (String part : body.split("/", -1)) {
      int colon = part.indexOf(':');
      if (colon <= 0 || colon == part.length() - 1) {
        throw new IllegalArgumentException("malformed CVSS vector '" + vector + "' at '" + part + "'");
      }
      String key = part.substring(0, colon);
      if (m.put(key, part.substring(colon + 1)) != null) {
        throw new IllegalArgumentException("CVSS vector '" + vector + "' repeats metric " + key);
      }
    }
    for (String key : base) {
      if (!m.containsKey(key)) {
        throw new IllegalArgumentException("CVSS vector '" + vector + "' lacks base metric " + key);
      }
    }
    return m;
  }

  private static double pick(String vector, String metric, String value, String keys, double... weights) {
    String[] k = keys.split(",");
    for (int i = 0; i < k.length; i++) {
      if (k[i].equals(value)) {
        return weights[i];
      }
    }
    throw new IllegalArgumentException("CVSS vector '" + vector + "' has invalid " + metric + ":" + value);
  }

  private static CvssScore scoreV3(String vector, String version, Map<String, String> m) {
    boolean changed = switch (m.get("S")) {
      case "U" -> false;
      case "C" -> true;
      default -> throw new IllegalArgumentException("CVSS vector '" + vector + "' has invalid S:" + m.get("S"));
    };
    double av = pick(vector, "AV", m.get("AV"), "N,A,L,P", 0.85, 0.62, 0.55, 0.2);
    double ac = pick(vector, "AC", m.get("AC"), "L,H", 0.77, 0.44);
    double pr = changed
        ? pick(vector, "PR", m.get("PR"), "N,L,H", 0.85, 0.68, 0.5)
        : pick(vector, "PR", m.get("PR"), "N,L,H", 0.85, 0.62, 0.27);
    double ui = pick(vector, "UI", m.get("UI"), "N,R", 0.85, 0.62);
    double c = pick(vector, "C", m.get("C"), "H,L,N", 0.56, 0.22, 0);
    double i = pick(vector, "I", m.get("I"), "H,L,N", 0.56, 0.22, 0);
    double a = pick(vector, "A", m.get("A"), "H,L,N", 0.56, 0.22, 0);
    double iss = 1 - (1 - c) * (1 - i) * (1 - a);
    double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
    double exploitability = 8.22 * av * ac * pr * ui;
    double base;
    if (impact <= 0) {
      base = 0;
    } else if (changed) {
      base = roundUp(Math.min(1.08 * (impact + exploitability), 10));
    } else {
      base = roundUp(Math.min(impact + exploitability, 10));
    }
    String rating = base == 0 ? "NONE" : base < 4 ? "LOW" : base < 7 ? "MEDIUM" : base < 9 ? "HIGH" : "CRITICAL";
    return new CvssScore(version, vector, base, rating);
  }

  /**
   * The v3.1 Roundup (Appendix A), which avoids floating-point artefacts; also used for v3.0, whose
   * definition ("smallest one-decimal number not below the input") it implements exactly.
   */
  private static double roundUp(double x) {
    long scaled = Math.round(x * 100_000);
    if (scaled % 10_000 == 0) {
      return scaled / 100_000.0;
    }
    return (Math.floorDiv(scaled, 10_000) + 1) / 10.0;
  }

  private static CvssScore scoreV2(String vector, Map<String, String> m) {
    double av = pick(vector, "AV", m.get("AV"), "L,A,N", 0.395, 0.646, 1.0);
    double ac = pick(vector, "AC", m.get("AC"), "H,M,L", 0.35, 0.61, 0.71);
    double au = pick(vector, "Au", m.get("Au"), "M,S,N", 0.45, 0.56, 0.704);
    double c = pick(vector, "C", m.get("C"), "N,P,C", 0, 0.275, 0.660);
    double i = pick(vector, "I", m.get("I"), "N,P,C", 0, 0.275, 0.660);
    double a = pick(vector, "A", m.get("A"), "N,P,C", 0, 0.275, 0.660);
    double impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
    double exploitability = 20 * av * ac * au;
    double f = impact == 0 ? 0 : 1.176;
    double raw = (0.6 * impact + 0.4 * exploitability - 1.5) * f;
    double base = BigDecimal.valueOf(raw).setScale(1, RoundingMode.HALF_UP).doubleValue();
    if (base < 0) {
      base = 0;
    }
    String rating = base < 4 ? "LOW" : base < 7 ? "MEDIUM" : "HIGH";
    return new CvssScore("2.0", vector, base, rating);
  }
}
