package dev.stowaway.core.walk;

/**
 * Normalises tar entry names into the paths analyzers see: relative to the root, no leading {@code /}
 * or {@code ./}, no trailing {@code /}, no {@code .} or empty segments, and {@code ..} resolved. A name
 * whose {@code ..} would climb above the root is rejected: extracting it would write outside the
 * image, so it is hostile or broken, and it is recorded instead of analysed.
 */
public final class EntryPaths {

  /** Returned for names that escape the root. */
  public static final String ESCAPES_ROOT = new String("..");

  private EntryPaths() {}

  /**
   * Normalises a tar name.
   *
   * @param name the name as stored
   * @return the normalised path ({@code ""} for the root itself), or {@link #ESCAPES_ROOT} (compare by
   *     identity) when a {@code ..} escapes the root
   */
  public static String normalize(String name) {
    if (isPlain(name)) {
      return name;
    }
    String[] parts = name.split("/");
    String[] out = new String[parts.length];
    int n = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (n == 0) {
          return ESCAPES_ROOT;
        }
        n--;
        continue;
      }
      out[n++] = p;
    }
    return String.join("/", java.util.Arrays.asList(out).subList(0, n));
  }

  /** Fast path: most names (umoci, docker) are already clean; avoid splitting them. */
  private static boolean isPlain(String name) {
    int len = name.length();
    if (len == 0 || name.charAt(0) == '/' || name.charAt(len - 1) == '/') {
      return false;
    }
    int segStart = 0;
    for (int i = 0; i <= len; i++) {
      if (i == len || name.charAt(i) == '/') {
        int segLen = i - segStart;
        if (segLen == 0
            || (segLen == 1 && name.charAt(segStart) == '.')
            || (segLen == 2 && name.charAt(segStart) == '.' && name.charAt(segStart + 1) == '.')) {
          return false;
        }
        segStart = i + 1;
      }
    }
    return true;
  }

  /**
   * Resolves a symlink target against the link's own directory, as the kernel would inside the image
   * root ({@code ..} above the root stays at the root).
   *
   * @param linkPath normalised path of the link
   * @param target the target as stored
   * @return the normalised absolute-in-image target
   */
  public static String resolveSymlink(String linkPath, String target) {
    String base;
    if (target.startsWith("/")) {
      base = target;
    } else {
      int slash = linkPath.lastIndexOf('/');
      base = (slash < 0 ? "" : linkPath.substring(0, slash + 1)) + target;
    }
    StringBuilder sb = new StringBuilder();
    java.util.ArrayDeque<String> stack = new java.util.ArrayDeque<>();
    for (String p : base.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        stack.pollLast();
      } else {
        stack.addLast(p);
      }
    }
    for (String p : stack) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(p);
    }
    return sb.toString();
  }
}
