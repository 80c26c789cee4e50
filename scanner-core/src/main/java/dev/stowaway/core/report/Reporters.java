package dev.stowaway.core.report;

import java.util.List;

/** The built-in reporters by format name. */
public final class Reporters {
  private static final List<Reporter> BUILT_IN = List.of(new JsonReporter(), new TableReporter(),
      new SarifReporter(), new CycloneDxReporter(), new SpdxJsonReporter(), new JUnitReporter());

  private Reporters() {}

  /**
   * Returns the reporter for a format.
   *
   * @param format a format name such as {@code json} or {@code table}
   * @return the reporter
   * @throws IllegalArgumentException if no reporter has that format, naming the known ones
   */
  public static Reporter forFormat(String format) {
    // "spdx" is what people type; SPDX 2.3 JSON is the only SPDX form we write.
    String name = "spdx".equals(format) ? "spdx-json" : format;
    for (Reporter r : BUILT_IN) {
      if (r.format().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown format '" + format + "' (known: " + formats() + ")");
  }

  /**
   * Returns the known format names.
   *
   * @return the names, in a stable order
   */
  public static List<String> formats() {
    return BUILT_IN.stream().map(Reporter::format).toList();
  }
}
