package dev.stowaway.core.match;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CVSS v4.0 scoring as the FIRST specification defines it (section 8, "CVSS v4.0 Scoring"): the vector
 * is mapped to a macro vector of six equivalence classes (EQ1 to EQ6), the macro vector's score is read
 * from the specification's lookup table, and the score is lowered by the mean, over the equivalence
 * classes, of the vector's severity distance from the highest-severity vectors of its macro vector,
 * scaled by the score gap to the next lower macro vector. The arithmetic follows the order of the
 * reference calculator, so results agree with it to the last decimal.
 *
 * <p>Threat ({@code E}) and environmental metrics ({@code CR}, {@code MAV}, ...) in the vector are honoured
 * (a vector without them gives the CVSS-B score; {@code E} absent counts as {@code A}, the requirements as
 * {@code H}); supplemental metrics are accepted and do not change the score. Stateless and thread-safe.
 *
 * @see <a href="https://www.first.org/cvss/v4.0/specification-document">CVSS v4.0 specification</a>
 */
final class Cvss4Scoring {

  /** Allowed values per metric, in the specification's order; the first eleven are mandatory. */
  private static final Map<String, List<String>> METRICS = new LinkedHashMap<>();

  static {
    String[] defs = {
        "AV:N,A,L,P", "AC:L,H", "AT:N,P", "PR:N,L,H", "UI:N,P,A", "VC:H,L,N", "VI:H,L,N", "VA:H,L,N",
        "SC:H,L,N", "SI:H,L,N", "SA:H,L,N",
        "E:X,A,P,U",
        "CR:X,H,M,L", "IR:X,H,M,L", "AR:X,H,M,L", "MAV:X,N,A,L,P", "MAC:X,L,H", "MAT:X,N,P", "MPR:X,N,L,H",
        "MUI:X,N,P,A", "MVC:X,H,L,N", "MVI:X,H,L,N", "MVA:X,H,L,N", "MSC:X,H,L,N", "MSI:X,S,H,L,N",
        "MSA:X,S,H,L,N",
        "S:X,N,P", "AU:X,N,Y", "R:X,A,U,I", "V:X,D,C", "RE:X,L,M,H", "U:X,Clear,Green,Amber,Red"};
    for (String d : defs) {
      int colon = d.indexOf(':');
      METRICS.put(d.substring(0, colon), List.of(d.substring(colon + 1).split(",")));
    }
  }

  private static final int MANDATORY = 11;

  /**
   * The specification's macro vector scores (EQ1..EQ6 digits, score times ten); macro vectors that
   * cannot occur (EQ3=2 with EQ6=0, say) are absent.
   */
  private static final String MACRO_VECTOR_SCORES = """
      000000:100 000001:99 000010:98 000011:95 000020:95 000021:92 000100:100 000101:96
      000110:93 000111:87 000120:91 000121:81 000200:93 000201:90 000210:89 000211:80
      000220:81 000221:68 001000:98 001001:95 001010:95 001011:92 001020:90 001021:84
      001100:93 001101:92 001110:89 001111:81 001120:81 001121:65 001200:88 001201:80
      001210:78 001211:70 001220:69 001221:48 002001:92 002011:82 002021:72 002101:79
      002111:69 002121:50 002201:69 002211:55 002221:27 010000:99 010001:97 010010:95
      010011:92 010020:92 010021:85 010100:95 010101:91 010110:90 010111:83 010120:84
      010121:71 010200:92 010201:81 010210:82 010211:71 010220:72 010221:53 011000:95
      011001:93 011010:92 011011:85 011020:85 011021:73 011100:92 011101:82 011110:80
      011111:72 011120:70 011121:59 011200:84 011201:70 011210:71 011211:52 011220:50
      011221:30 012001:86 012011:75 012021:52 012101:71 012111:52 012121:29 012201:63
      012211:29 012221:17 100000:98 100001:95 100010:94 100011:87 100020:91 100021:81
      100100:94 100101:89 100110:86 100111:74 100120:77 100121:64 100200:87 100201:75
      100210:74 100211:63 100220:63 100221:49 101000:94 101001:89 101010:88 101011:77
      101020:76 101021:67 101100:86 101101:76 101110:74 101111:58 101120:59 101121:50
      101200:72 101201:57 101210:57 101211:52 101220:52 101221:25 102001:83 102011:70
      102021:54 102101:65 102111:58 102121:26 102201:53 102211:21 102221:13 110000:95
      110001:90 110010:88 110011:76 110020:76 110021:70 110100:90 110101:77 110110:75
      110111:62 110120:61 110121:53 110200:77 110201:66 110210:68 110211:59 110220:52
      110221:30 111000:89 111001:78 111010:76 111011:67 111020:62 111021:58 111100:74
      111101:59 111110:57 111111:57 111120:47 111121:23 111200:61 111201:52 111210:57
      111211:29 111220:24 111221:16 112001:71 112011:59 112021:30 112101:58 112111:26
      112121:15 112201:23 112211:13 112221:6 200000:93 200001:87 200010:86 200011:72
      200020:75 200021:58 200100:86 200101:74 200110:74 200111:61 200120:56 200121:34
      200200:70 200201:54 200210:52 200211:40 200220:40 200221:22 201000:85 201001:75
      201010:74 201011:55 201020:62 201021:51 201100:72 201101:57 201110:55 201111:41
      201120:46 201121:19 201200:53 201201:36 201210:34 201211:19 201220:19 201221:8
      202001:64 202011:51 202021:20 202101:47 202111:21 202121:11 202201:24 202211:9
      202221:4 210000:88 210001:75 210010:73 210011:53 210020:60 210021:50 210100:73
      210101:55 210110:59 210111:40 210120:41 210121:20 210200:54 210201:43 210210:45
      210211:22 210220:20 210221:11 211000:75 211001:55 211010:58 211011:45 211020:40
      211021:21 211100:61 211101:51 211110:48 211111:18 211120:20 211121:9 211200:46
      211201:18 211210:17 211211:7 211220:8 211221:2 212001:53 212011:24 212021:14
      212101:24 212111:12 212121:5 212201:10 212211:3 212221:1
      """;

  private static final Map<String, Double> LOOKUP = new HashMap<>();

  static {
    for (String pair : MACRO_VECTOR_SCORES.trim().split("\\s+")) {
      int colon = pair.indexOf(':');
      LOOKUP.put(pair.substring(0, colon), Integer.parseInt(pair.substring(colon + 1)) / 10.0);
    }
  }

  /** The highest-severity vectors of each level of EQ1, EQ2, EQ4, EQ5 (the specification's Table 24). */
  private static final String[][] EQ1_MAX = {
      {"AV:N/PR:N/UI:N"}, {"AV:A/PR:N/UI:N", "AV:N/PR:L/UI:N", "AV:N/PR:N/UI:P"},
      {"AV:P/PR:N/UI:N", "AV:A/PR:L/UI:P"}};
  private static final String[][] EQ2_MAX = {{"AC:L/AT:N"}, {"AC:H/AT:N", "AC:L/AT:P"}};
  private static final String[][] EQ4_MAX = {{"SC:H/SI:S/SA:S"}, {"SC:H/SI:H/SA:H"}, {"SC:L/SI:L/SA:L"}};
  private static final String[][] EQ5_MAX = {{"E:A"}, {"E:P"}, {"E:U"}};

  /** EQ3 and EQ6 are scored jointly; keyed by the two digits. */
  private static final Map<String, String[]> EQ3_EQ6_MAX = Map.of(
      "00", new String[] {"VC:H/VI:H/VA:H/CR:H/IR:H/AR:H"},
      "01", new String[] {"VC:H/VI:H/VA:L/CR:M/IR:M/AR:H", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M"},
      "10", new String[] {"VC:L/VI:H/VA:H/CR:H/IR:H/AR:H", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H"},
      "11", new String[] {"VC:L/VI:H/VA:L/CR:H/IR:M/AR:H", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M",
          "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M", "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H", "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M"},
      "21", new String[] {"VC:L/VI:L/VA:L/CR:H/IR:H/AR:H"});

  /** The depth of each macro vector level, in severity-distance steps (plus one). */
  private static final int[] EQ1_DEPTH = {1, 4, 5};
  private static final int[] EQ2_DEPTH = {1, 2};
  private static final Map<String, Integer> EQ3_EQ6_DEPTH = Map.of("00", 7, "01", 6, "10", 8, "11", 8, "21", 10);
  private static final int[] EQ4_DEPTH = {6, 5, 4};

  /** Severity levels of metric values: 0.0 is the most severe; one step is 0.1. */
  private static final Map<String, Map<String, Double>> LEVELS = Map.ofEntries(
      Map.entry("AV", Map.of("N", 0.0, "A", 0.1, "L", 0.2, "P", 0.3)),
      Map.entry("PR", Map.of("N", 0.0, "L", 0.1, "H", 0.2)),
      Map.entry("UI", Map.of("N", 0.0, "P", 0.1, "A", 0.2)),
      Map.entry("AC", Map.of("L", 0.0, "H", 0.1)),
      Map.entry("AT", Map.of("N", 0.0, "P", 0.1)),
      Map.entry("VC", Map.of("H", 0.0, "L", 0.1, "N", 0.2)),
      Map.entry("VI", Map.of("H", 0.0, "L", 0.1, "N", 0.2)),
      Map.entry("VA", Map.of("H", 0.0, "L", 0.1, "N", 0.2)),
      Map.entry("SC", Map.of("H", 0.1, "L", 0.2, "N", 0.3)),
      Map.entry("SI", Map.of("S", 0.0, "H", 0.1, "L", 0.2, "N", 0.3)),
      Map.entry("SA", Map.of("S", 0.0, "H", 0.1, "L", 0.2, "N", 0.3)),
      Map.entry("CR", Map.of("H", 0.0, "M", 0.1, "L", 0.2)),
      Map.entry("IR", Map.of("H", 0.0, "M", 0.1, "L", 0.2)),
      Map.entry("AR", Map.of("H", 0.0, "M", 0.1, "L", 0.2)));

  /** The metrics whose distances are summed per equivalence class (EQ5 never contributes). */
  private static final String[] DISTANCE_ORDER =
      {"AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR"};

  private Cvss4Scoring() {}

  /**
   * Scores a {@code CVSS:4.0/...} vector.
   *
   * @param vector the vector as written; not null
   * @return the score, version {@code 4.0}
   * @throws IllegalArgumentException if the vector is malformed, lacks a base metric, repeats a metric or
   *     has an unknown metric or value
   */
  static CvssScore score(String vector) {
    Map<String, String> m = parse(vector);
    double score = compute(m);
    String rating = score == 0 ? "NONE" : score < 4 ? "LOW" : score < 7 ? "MEDIUM" : score < 9 ? "HIGH" : "CRITICAL";
    return new CvssScore("4.0", vector, score, rating);
  }

  private static Map<String, String> parse(String vector) {
    String v = vector.trim();
    if (!v.startsWith("CVSS:4.0/")) {
      throw new IllegalArgumentException("not a CVSS v4.0 vector: '" + vector + "'");
    }
    Map<String, String> m = new HashMap<>();
    for (String part : v.substring("CVSS:4.0/".length()).split("/", -1)) {
      int colon = part.indexOf(':');
      if (colon <= 0 || colon == part.length() - 1) {
        throw new IllegalArgumentException("malformed CVSS vector '" + vector + "' at '" + part + "'");
      }
      String key = part.substring(0, colon);
      String value = part.substring(colon + 1);
      List<String> allowed = METRICS.get(key);
      if (allowed == null) {
        throw new IllegalArgumentException("CVSS vector '" + vector + "' has unknown metric " + key);
      }
      if (!allowed.contains(value)) {
        throw new IllegalArgumentException("CVSS vector '" + vector + "' has invalid " + key + ":" + value);
      }
      if (m.put(key, value) != null) {
        throw new IllegalArgumentException("CVSS vector '" + vector + "' repeats metric " + key);
      }
    }
    int i = 0;
    for (String key : METRICS.keySet()) {
      if (i++ < MANDATORY && !m.containsKey(key)) {
        throw new IllegalArgumentException("CVSS vector '" + vector + "' lacks base metric " + key);
      }
    }
    return m;
  }

  /** The value that counts: a modified metric over the base one; X of E and the requirements is worst case. */
  private static String effective(Map<String, String> m, String metric) {
    String selected = m.getOrDefault(metric, "X");
    switch (metric) {
      case "E" -> {
        return selected.equals("X") ? "A" : selected;
      }
      case "CR", "IR", "AR" -> {
        return selected.equals("X") ? "H" : selected;
      }
      default -> {
        String modified = m.get("M" + metric);
        return modified != null && !modified.equals("X") ? modified : selected;
      }
    }
  }

  private static String macroVector(Map<String, String> m) {
    String av = effective(m, "AV");
    String pr = effective(m, "PR");
    String ui = effective(m, "UI");
    int eq1;
    if (av.equals("N") && pr.equals("N") && ui.equals("N")) {
      eq1 = 0;
    } else if ((av.equals("N") || pr.equals("N") || ui.equals("N")) && !av.equals("P")) {
      eq1 = 1;
    } else {
      eq1 = 2;
    }
    int eq2 = effective(m, "AC").equals("L") && effective(m, "AT").equals("N") ? 0 : 1;
    String vc = effective(m, "VC");
    String vi = effective(m, "VI");
    String va = effective(m, "VA");
    int eq3;
    if (vc.equals("H") && vi.equals("H")) {
      eq3 = 0;
    } else if (vc.equals("H") || vi.equals("H") || va.equals("H")) {
      eq3 = 1;
    } else {
      eq3 = 2;
    }
    int eq4;
    // only the modified subsequent-system metrics can be S(afety)
    if ("S".equals(m.get("MSI")) || "S".equals(m.get("MSA"))) {
      eq4 = 0;
    } else if (effective(m, "SC").equals("H") || effective(m, "SI").equals("H") || effective(m, "SA").equals("H")) {
      eq4 = 1;
    } else {
      eq4 = 2;
    }
    int eq5 = switch (effective(m, "E")) {
      case "A" -> 0;
      case "P" -> 1;
      default -> 2;
    };
    boolean eq6High = effective(m, "CR").equals("H") && vc.equals("H")
        || effective(m, "IR").equals("H") && vi.equals("H")
        || effective(m, "AR").equals("H") && va.equals("H");
    int eq6 = eq6High ? 0 : 1;
    return "" + eq1 + eq2 + eq3 + eq4 + eq5 + eq6;
  }

  private static double compute(Map<String, String> m) {
    boolean noImpact = true;
    for (String metric : new String[] {"VC", "VI", "VA", "SC", "SI", "SA"}) {
      noImpact &= effective(m, metric).equals("N");
    }
    if (noImpact) {
      return 0.0;
    }
    String macro = macroVector(m);
    double value = LOOKUP.get(macro);
    int eq1 = macro.charAt(0) - '0';
    int eq2 = macro.charAt(1) - '0';
    int eq3 = macro.charAt(2) - '0';
    int eq4 = macro.charAt(3) - '0';
    int eq5 = macro.charAt(4) - '0';
    int eq6 = macro.charAt(5) - '0';

    // 1a. the score of the next lower macro vector per equivalence class (NaN when there is none)
    double lowerEq1 = lookup(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
    double lowerEq2 = lookup(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
    double lowerEq3Eq6;
    if (eq3 == 0 && eq6 == 0) {
      // two ways down (00 -> 01, 00 -> 10): the higher one counts
      double left = lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
      double right = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
      lowerEq3Eq6 = left > right ? left : right;
    } else if (eq3 == 1 && eq6 == 0) {
      lowerEq3Eq6 = lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
    } else if (eq3 == 2) {
      lowerEq3Eq6 = Double.NaN; // 21 is the lowest
    } else {
      lowerEq3Eq6 = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6); // 01 -> 11, 11 -> 21
    }
    double lowerEq4 = lookup(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
    double lowerEq5 = lookup(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

    // 1b. severity distance from the first highest-severity vector of the macro vector that is not below it
    String key36 = "" + eq3 + eq6;
    Map<String, Double> distance = new HashMap<>();
    outer:
    for (String max1 : EQ1_MAX[eq1]) {
      for (String max2 : EQ2_MAX[eq2]) {
        for (String max36 : EQ3_EQ6_MAX.get(key36)) {
          for (String max4 : EQ4_MAX[eq4]) {
            for (String max5 : EQ5_MAX[eq5]) {
              Map<String, String> max = parseMax(max1 + "/" + max2 + "/" + max36 + "/" + max4 + "/" + max5);
              boolean below = false;
              for (String metric : DISTANCE_ORDER) {
                Map<String, Double> levels = LEVELS.get(metric);
                double d = levels.get(effective(m, metric)) - levels.get(max.get(metric));
                distance.put(metric, d);
                below |= d < 0;
              }
              if (!below) {
                break outer;
              }
            }
          }
        }
      }
    }
    double distEq1 = distance.get("AV") + distance.get("PR") + distance.get("UI");
    double distEq2 = distance.get("AC") + distance.get("AT");
    double distEq3Eq6 = distance.get("VC") + distance.get("VI") + distance.get("VA") + distance.get("CR")
        + distance.get("IR") + distance.get("AR");
    double distEq4 = distance.get("SC") + distance.get("SI") + distance.get("SA");

    double step = 0.1;
    // 1c-d. proportion of the macro vector's depth, times the score gap to the next lower macro vector
    int existingLower = 0;
    double sum = 0;
    double normalisedEq1 = 0;
    double normalisedEq2 = 0;
    double normalisedEq3Eq6 = 0;
    double normalisedEq4 = 0;
    double normalisedEq5 = 0;
    if (!Double.isNaN(lowerEq1)) {
      existingLower++;
      normalisedEq1 = (value - lowerEq1) * (distEq1 / (EQ1_DEPTH[eq1] * step));
    }
    if (!Double.isNaN(lowerEq2)) {
      existingLower++;
      normalisedEq2 = (value - lowerEq2) * (distEq2 / (EQ2_DEPTH[eq2] * step));
    }
    if (!Double.isNaN(lowerEq3Eq6)) {
      existingLower++;
      normalisedEq3Eq6 = (value - lowerEq3Eq6) * (distEq3Eq6 / (EQ3_EQ6_DEPTH.get(key36) * step));
    }
    if (!Double.isNaN(lowerEq4)) {
      existingLower++;
      normalisedEq4 = (value - lowerEq4) * (distEq4 / (EQ4_DEPTH[eq4] * step));
    }
    if (!Double.isNaN(lowerEq5)) {
      existingLower++; // EQ5 has a single value per level: its proportion is always 0
      normalisedEq5 = (value - lowerEq5) * 0;
    }
    // 2. the mean of the proportional distances; 3. subtracted from the macro vector's score
    if (existingLower > 0) {
      sum = (normalisedEq1 + normalisedEq2 + normalisedEq3Eq6 + normalisedEq4 + normalisedEq5) / existingLower;
    }
    value -= sum;
    value = Math.max(0.0, Math.min(10.0, value));
    return Math.round(value * 10) / 10.0;
  }

  private static double lookup(int... eqs) {
    StringBuilder sb = new StringBuilder(6);
    for (int e : eqs) {
      sb.append(e);
    }
    Double v = LOOKUP.get(sb.toString());
    return v == null ? Double.NaN : v;
  }

  private static Map<String, String> parseMax(String max) {
    Map<String, String> out = new HashMap<>();
    for (String part : max.split("/")) {
      int colon = part.indexOf(':');
      out.put(part.substring(0, colon), part.substring(colon + 1));
    }
    return out;
  }
}
