package dev.stowaway.analyzers.os.dpkg;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts licence names from a package's {@code usr/share/doc/NAME/copyright} file.
 *
 * <p>Machine-readable files follow
 * <a href="https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/">DEP-5, copyright format
 * 1.0</a>: the first line of the {@code License} field of each {@code Files} paragraph is the licence
 * (short names such as {@code GPL-2+}, possibly joined with {@code or}/{@code and}), kept as written.
 * Licences referenced as {@code /usr/share/common-licenses/NAME} (the only ones free-form files name
 * reliably) are added after them.
 *
 * <p>Stateless; thread-safe. Reads at most {@link #MAX_BYTES} of the file.
 */
final class DebianCopyright {

  static final int MAX_BYTES = 1 << 20;
  private static final Set<String> FIELDS = Set.of("format", "files", "license");
  private static final Pattern COMMON_LICENSE = Pattern.compile("/usr/share/common-licenses/([A-Za-z0-9.+-]+)");

  private DebianCopyright() {}

  /**
   * @param in the file; read, not closed
   * @return the DEP-5 licences in file order, then the referenced ones sorted; without duplicates
   * @throws IOException if reading fails
   */
  static Set<String> licenses(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES);
    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    Set<String> dep5 = new java.util.LinkedHashSet<>();
    if (text.startsWith("Format:")) {
      ControlStanzaReader reader = new ControlStanzaReader(new java.io.ByteArrayInputStream(bytes), FIELDS);
      Map<String, String> f;
      while ((f = reader.next()) != null) {
        String license = f.get("license");
        if (f.containsKey("files") && license != null) {
          String name = license.lines().findFirst().orElse("").strip();
          if (!name.isEmpty()) {
            dep5.add(name);
          }
        }
      }
    }
    Set<String> referenced = new TreeSet<>();
    Matcher m = COMMON_LICENSE.matcher(text);
    while (m.find()) {
      referenced.add(m.group(1).replaceAll("[.]+$", ""));
    }
    dep5.addAll(referenced);
    return dep5;
  }
}
