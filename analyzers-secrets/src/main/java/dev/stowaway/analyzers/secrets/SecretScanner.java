package dev.stowaway.analyzers.secrets;

import dev.stowaway.analyzers.secrets.SecretRule.Allowlist;
import dev.stowaway.analyzers.secrets.SecretRule.RegexTarget;
import dev.stowaway.api.analysis.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The rule engine: finds secrets in a stream or a string with a {@link SecretRules} set. Immutable and
 * thread-safe; every scan uses only local state.
 *
 * <p>Speed: one Aho–Corasick pass over each chunk finds which rule keywords occur (ASCII case-insensitively);
 * a rule's regex runs only when one of its keywords occurs (rules without keywords always run). Memory: a stream is
 * read in chunks of {@link #CHUNK} bytes plus {@link #OVERLAP} bytes carried into the next chunk, so a
 * secret that crosses a chunk boundary is still found, and found once (a match is reported by the chunk in
 * which it starts, unless it starts inside the overlap, which the next chunk reports). Text is decoded as
 * ISO-8859-1 so that characters are bytes: every token format is ASCII.
 */
public final class SecretScanner {
  /** Bytes per chunk (before the overlap). */
  static final int CHUNK = 1 << 20;
  /** Bytes carried from one chunk into the next; longer matches that cross a boundary may be cut. */
  static final int OVERLAP = 4096;
  /** The read buffer's first size; it grows up to {@code CHUNK + OVERLAP}. */
  static final int INITIAL_BUFFER = 16 << 10;
  /** A NUL in this many leading bytes marks a binary file. */
  static final int BINARY_PROBE = 8192;
  /** At most this many matches per file; hostile files cannot grow the result without bound. */
  static final int MAX_MATCHES_PER_FILE = 200;

  private final SecretRules rules;
  private final boolean keywordPrefilter;
  private final KeywordMatcher keywords;
  /** Per rule (same index as {@code rules.rules()}), the indices of its keywords in {@link #keywords}. */
  private final int[][] ruleKeywords;
  /** Per rule, whether one of its or the global allowlists tests the line (regexTarget = "line"). */
  private final boolean[] needsLine;
  /**
   * Per rule, the largest distance from a match start to a keyword occurrence inside the match, as
   * {@link KeywordAnchor} proves it from the regex; -1 when unproven (the regex then runs over the whole text).
   */
  private final int[] anchorDistance;
  /** {@link #anchorDistance} not computed yet. */
  private static final int UNKNOWN = -2;

  /**
   * One secret found.
   *
   * @param rule the rule that matched
   * @param secret the extracted secret (never empty)
   * @param line 1-based line of the match start
   * @param column 1-based column (in bytes from the line start) of the match start; lines longer than
   *     {@link Integer#MAX_VALUE} bytes give {@link Integer#MAX_VALUE}
   * @param entropy Shannon entropy of the secret in bits per character
   */
  public record Match(SecretRule rule, String secret, int line, int column, double entropy) {}

  /**
   * The outcome of scanning a stream.
   *
   * @param matches the secrets, in rule then position order, duplicates (rule, secret, line) removed
   * @param binary true if the content was skipped as binary
   * @param truncated true if {@link #MAX_MATCHES_PER_FILE} was reached and scanning stopped
   * @param abandonedRules ids of rules whose regex exceeded its time budget on some chunk (those chunks
   *     are not fully searched by that rule); empty normally
   */
  public record Result(List<Match> matches, boolean binary, boolean truncated, Set<String> abandonedRules) {}

  /** @param rules the rules; never null */
  public SecretScanner(SecretRules rules) {
    this(rules, true, true);
  }

  /**
   * @param rules the rules; never null
   * @param keywordPrefilter false to run every rule's regex on every chunk (only to measure what the
   *     prefilter saves; findings can differ, since keywords are part of a gitleaks rule's meaning)
   */
  SecretScanner(SecretRules rules, boolean keywordPrefilter) {
    this(rules, keywordPrefilter, true);
  }

  /**
   * @param rules the rules; never null
   * @param keywordPrefilter false to run every rule's regex on every chunk (see above)
   * @param anchored false to run each regex over the whole text even where {@link KeywordAnchor} proves it
   *     need only be tried near keyword occurrences (to test that both give the same matches, and to measure)
   */
  SecretScanner(SecretRules rules, boolean keywordPrefilter, boolean anchored) {
    this.keywordPrefilter = keywordPrefilter;
    this.rules = Objects.requireNonNull(rules, "rules");
    List<String> kw = new ArrayList<>(new LinkedHashSet<>(
        rules.rules().stream().flatMap(r -> r.keywords().stream()).toList()));
    this.keywords = new KeywordMatcher(kw);
    this.ruleKeywords = new int[rules.rules().size()][];
    this.anchorDistance = new int[rules.rules().size()];
    for (int i = 0; i < ruleKeywords.length; i++) {
      SecretRule r = rules.rules().get(i);
      ruleKeywords[i] = r.keywords().stream().mapToInt(kw::indexOf).toArray();
      anchorDistance[i] = keywordPrefilter && anchored && !r.pathOnly() && !r.keywords().isEmpty() ? UNKNOWN : -1;
    }
    boolean globalLine = rules.allowlists().stream().anyMatch(a -> a.regexTarget() == RegexTarget.LINE);
    this.needsLine = new boolean[rules.rules().size()];
    for (int i = 0; i < needsLine.length; i++) {
      needsLine[i] = globalLine
          || rules.rules().get(i).allowlists().stream().anyMatch(a -> a.regexTarget() == RegexTarget.LINE);
    }
  }

  /**
   * @return per rule (same order as {@code rules().rules()}), the proven largest distance from a match start
   *     to a keyword occurrence in it, or -1 where the rule's regex runs over the whole text
   */
  int[] anchorDistances() {
    int[] d = new int[anchorDistance.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = anchorDistance(i);
    }
    return d;
  }

  /** Computed on first use: most rules never run on a given image. A race only computes it twice. */
  private int anchorDistance(int rule) {
    int d = anchorDistance[rule];
    if (d == UNKNOWN) {
      SecretRule r = rules.rules().get(rule);
      d = KeywordAnchor.distance(r.regex().pattern(), r.keywords());
      anchorDistance[rule] = d;
    }
    return d;
  }

  /** @return the rules this scanner applies */
  public SecretRules rules() {
    return rules;
  }

  /**
   * @param path the file path
   * @return the path-only rules (e.g. keystores by name) that match {@code path} and are not allowlisted
   */
  public List<SecretRule> pathFindings(String path) {
    List<SecretRule> out = new ArrayList<>();
    for (SecretRule r : rules.rules()) {
      if (r.pathOnly() && r.path().matcher(path).find() && !allowed(r, "", "", "", path)) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * Tells whether a global allowlist drops every match in a file at this path whatever its content (an
   * allowlist with a matching {@code paths} entry and no other criterion that could fail), so the file
   * need not be read at all.
   *
   * @param path the file path
   * @return true if the file can be skipped
   */
  public boolean pathAllowlisted(String path) {
    for (Allowlist a : rules.allowlists()) {
      boolean onlyPaths = a.regexes().isEmpty() && a.stopwords().isEmpty();
      if (!a.paths().isEmpty() && (!a.and() || onlyPaths) && a.allows("", "", "", path)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Scans a stream in bounded chunks. Does not close {@code in}.
   *
   * @param path the file path (for path-restricted rules and path allowlists)
   * @param in the content; read to its end unless binary or truncated
   * @return matches; never null
   * @throws IOException if reading fails
   */
  public Result scan(String path, InputStream in) throws IOException {
    return scan(path, in, ScanLimits.DEFAULT_MAX_REGEX_READS_PER_CHAR);
  }

  /**
   * Scans a stream as {@link #scan(String, InputStream)} does, with another regex work bound.
   *
   * @param path the file path
   * @param in the content; not closed
   * @param regexReadsPerChar {@link ScanLimits#maxRegexReadsPerChar()}: character reads one rule's regex may
   *     make per character of text (plus a fixed 1,000,000) before it is abandoned for that text
   * @return matches; never null
   * @throws IOException if reading fails
   */
  public Result scan(String path, InputStream in, long regexReadsPerChar) throws IOException {
    // starts small and grows to a full chunk only for large files: most files are a few KiB, and zeroing a
    // 1 MiB buffer per file cost more than scanning them
    byte[] buf = new byte[INITIAL_BUFFER];
    int carry = 0;
    int lineBase = 1;
    // absolute offsets of buf[0] and of the start of the line holding it, for columns across chunks
    long chunkStart = 0;
    long lineStart = 0;
    List<Match> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Set<String> abandoned = new java.util.TreeSet<>();
    boolean first = true;
    while (true) {
      int len = carry;
      boolean last = false;
      while (len < CHUNK + OVERLAP) {
        if (len == buf.length) {
          buf = Arrays.copyOf(buf, Math.min(buf.length * 4, CHUNK + OVERLAP));
        }
        int n = in.read(buf, len, buf.length - len);
        if (n < 0) {
          last = true;
          break;
        }
        len += n;
      }
      if (first) {
        first = false;
        for (int i = 0, end = Math.min(len, BINARY_PROBE); i < end; i++) {
          if (buf[i] == 0) {
            return new Result(List.of(), true, false, Set.of());
          }
        }
      }
      int limit = last ? len : len - OVERLAP;
      Source text = new Source(buf, len, null);
      if (scanWindow(path, text, limit, lineBase, chunkStart - lineStart, out, seen, abandoned,
          regexReadsPerChar)) {
        return new Result(out, false, true, abandoned);
      }
      if (last) {
        return new Result(out, false, false, abandoned);
      }
      for (int i = 0; i < limit; i++) {
        if (buf[i] == '\n') {
          lineBase++;
          lineStart = chunkStart + i + 1;
        }
      }
      chunkStart += limit;
      System.arraycopy(buf, limit, buf, 0, OVERLAP);
      carry = OVERLAP;
    }
  }

  /**
   * Scans a short text such as an environment variable or a history command.
   *
   * @param path a name for path allowlists (for example {@code config:Env})
   * @param text the text; never null
   * @return matches; never null
   */
  public List<Match> scanText(String path, String text) {
    List<Match> out = new ArrayList<>();
    scanWindow(path, Source.of(text), text.length(), 1, 0, out, new HashSet<>(), new HashSet<>(),
        ScanLimits.DEFAULT_MAX_REGEX_READS_PER_CHAR);
    return out;
  }

  /**
   * The text of one window: bytes read as ISO-8859-1 (a file chunk: never decoded into a String), or a
   * String with characters beyond ISO-8859-1 (a config entry).
   *
   * @param bytes the bytes, or for a String its ISO-8859-1 projection (other characters as 0xFF, which no
   *     keyword contains) for the keyword pass
   * @param length the text length
   * @param string the String when the regexes must see it (characters beyond ISO-8859-1), else null
   */
  private record Source(byte[] bytes, int length, String string) {
    static Source of(String text) {
      byte[] b = new byte[text.length()];
      boolean latin1 = true;
      for (int i = 0; i < b.length; i++) {
        char c = text.charAt(i);
        if (c > 0xFF) {
          latin1 = false;
          c = 0xFF;
        }
        b[i] = (byte) c;
      }
      return new Source(b, b.length, latin1 ? null : text);
    }

    BudgetedText budgeted(long readsPerChar) {
      return string == null ? BudgetedText.ofLatin1(bytes, length, readsPerChar)
          : BudgetedText.withReadsPerChar(string, readsPerChar);
    }

    /** True if every character is one regex unit (no surrogate pairs): what {@link KeywordAnchor} counts. */
    boolean charUnits() {
      return string == null || string.chars().noneMatch(c -> Character.isSurrogate((char) c));
    }

    int[] newlineIndex() {
      int[] idx = new int[64];
      int n = 0;
      for (int i = 0; i < length; i++) {
        if (bytes[i] == '\n') {
          if (n == idx.length) {
            idx = Arrays.copyOf(idx, n * 2);
          }
          idx[n++] = i;
        }
      }
      return Arrays.copyOf(idx, n);
    }

    String substring(int start, int end) {
      return string != null ? string.substring(start, end)
          : new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * @param columnBase how many bytes of its line precede {@code text[0]} (non-zero when a chunk starts
   *     inside a long line)
   * @return true if the per-file match cap was reached
   */
  private boolean scanWindow(String path, Source text, int limit, int lineBase, long columnBase,
      List<Match> out, Set<String> seen, Set<String> abandoned, long regexReadsPerChar) {
    KeywordMatcher.Hits hits = keywordPrefilter ? keywords.hits(text.bytes(), text.length()) : null;
    boolean anchorable = hits != null && text.charUnits();
    int[] newlines = null;
    List<SecretRule> all = rules.rules();
    for (int ri = 0; ri < all.size(); ri++) {
      SecretRule rule = all.get(ri);
      if (rule.pathOnly() || (hits != null && !keywordsPresent(ruleKeywords[ri], hits))) {
        continue;
      }
      if (rule.path() != null && !rule.path().matcher(path).find()) {
        continue;
      }
      Matcher m = rule.regex().matcher(text.budgeted(regexReadsPerChar));
      int distance = anchorable ? anchorDistance(ri) : -1;
      Anchored anchored = distance >= 0
          ? new Anchored(m, distance, keywordStarts(ruleKeywords[ri], hits), limit) : null;
      while (anchored != null ? anchored.find(rule, abandoned) : find(m, rule, abandoned)) {
        int start = m.start();
        if (start >= limit) {
          break;
        }
        int group = secretGroupOf(rule, m);
        String secret = group < 0 ? null : m.group(group);
        if (secret == null || secret.isEmpty()) {
          continue;
        }
        // line and column name where the secret itself starts, which may be after the match start
        int at = m.start(group);
        double entropy = entropy(secret);
        if (rule.entropy() > 0 && entropy < rule.entropy()) {
          continue;
        }
        if (newlines == null) {
          newlines = text.newlineIndex();
        }
        // the (possibly multi-line) text of the lines holding the match, built only when an allowlist
        // tests lines: on a minified file it can be the whole chunk
        String line = "";
        if (needsLine[ri]) {
          int before = countBefore(newlines, start);
          int ls = before == 0 ? 0 : newlines[before - 1] + 1;
          int lastChar = m.end() > start ? m.end() - 1 : start;
          int after = countBefore(newlines, lastChar);
          int le = after < newlines.length ? newlines[after] : text.length();
          line = text.substring(ls, le);
        }
        if (allowed(rule, secret, m.group(), line, path)) {
          continue;
        }
        int linesBefore = countBefore(newlines, at);
        int lineNo = lineBase + linesBefore;
        long column = linesBefore > 0 ? at - newlines[linesBefore - 1] : columnBase + at + 1;
        if (seen.add(rule.id() + '\0' + lineNo + '\0' + secret)) {
          out.add(new Match(rule, secret, lineNo, (int) Math.min(column, Integer.MAX_VALUE), entropy));
          if (out.size() >= MAX_MATCHES_PER_FILE) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The start offsets of a rule's keywords' occurrences, in increasing order (duplicates possible). */
  private static int[] keywordStarts(int[] ruleKeywords, KeywordMatcher.Hits hits) {
    if (ruleKeywords.length == 1) {
      return Arrays.copyOf(hits.starts(ruleKeywords[0]), hits.count(ruleKeywords[0]));
    }
    int n = 0;
    for (int k : ruleKeywords) {
      n += hits.count(k);
    }
    int[] all = new int[n];
    n = 0;
    for (int k : ruleKeywords) {
      if (hits.count(k) > 0) {
        System.arraycopy(hits.starts(k), 0, all, n, hits.count(k));
        n += hits.count(k);
      }
    }
    Arrays.sort(all);
    return all;
  }

  /**
   * {@link Matcher#find()} restricted to the positions where a match can start: with every match holding a
   * keyword that starts at most {@code distance} characters after the match start, a match can start only in
   * {@code [k - distance, k]} for a keyword occurrence k. Tries those positions in increasing order from
   * where {@code find()} would continue, with {@link Matcher#lookingAt()} on a region that starts there and
   * sees the whole text (transparent, non-anchoring bounds: look-behinds, {@code \b} and {@code ^} behave as
   * in the whole text). The first position that matches is the one {@code find()} would report, since
   * {@code find()} tries every position in increasing order and no other position can match; the match at
   * a position is the same for both (same pattern, same text, same starting point); and after a match the
   * search continues from its end (one further after an empty match), as {@code find()} does. So the
   * sequence of matches is the one of the full scan.
   */
  private static final class Anchored {
    private final Matcher m;
    private final int distance;
    private final int[] keywordStarts;
    private final int limit;
    private final int textLength;
    private int k;
    /** Where {@code find()} would continue: no match starts before it that is not already reported. */
    private int next;

    Anchored(Matcher m, int distance, int[] keywordStarts, int limit) {
      this.m = m;
      this.distance = distance;
      this.keywordStarts = keywordStarts;
      this.limit = limit;
      this.textLength = m.regionEnd();
      m.useTransparentBounds(true).useAnchoringBounds(false);
    }

    boolean find(SecretRule rule, Set<String> abandoned) {
      for (; k < keywordStarts.length; k++) {
        int end = keywordStarts[k];
        for (int s = Math.max(next, end - distance); s <= end; s++) {
          if (s >= limit) {
            return false; // the full scan stops at the first match from the limit on
          }
          try {
            if (m.region(s, textLength).lookingAt()) {
              next = m.end() == m.start() ? m.end() + 1 : m.end();
              return true;
            }
          } catch (BudgetedText.BudgetExceeded e) {
            abandoned.add(rule.id());
            return false;
          }
        }
        next = Math.max(next, end + 1);
      }
      return false;
    }
  }

  /** {@link Matcher#find()}, giving up (and recording the rule) when the regex spends its read budget. */
  private static boolean find(Matcher m, SecretRule rule, Set<String> abandoned) {
    try {
      return m.find();
    } catch (BudgetedText.BudgetExceeded e) {
      abandoned.add(rule.id());
      return false;
    }
  }

  private static boolean keywordsPresent(int[] ruleKeywords, KeywordMatcher.Hits hits) {
    if (ruleKeywords.length == 0) {
      return true;
    }
    for (int k : ruleKeywords) {
      if (hits.present(k)) {
        return true;
      }
    }
    return false;
  }

  /**
   * gitleaks semantics: {@code secretGroup} if set; otherwise the first group if it matched; else the
   * whole match (0). Returns -1 when {@code secretGroup} names a group the regex does not have.
   */
  private static int secretGroupOf(SecretRule rule, Matcher m) {
    if (rule.secretGroup() > 0) {
      return rule.secretGroup() <= m.groupCount() ? rule.secretGroup() : -1;
    }
    if (m.groupCount() > 0 && m.group(1) != null) {
      return 1;
    }
    return 0;
  }

  private boolean allowed(SecretRule rule, String secret, String match, String line, String path) {
    for (Allowlist a : rule.allowlists()) {
      if (a.allows(secret, match, line, path)) {
        return true;
      }
    }
    for (Allowlist a : rules.allowlists()) {
      if (a.allows(secret, match, line, path)) {
        return true;
      }
    }
    return false;
  }

  private static int countBefore(int[] sorted, int pos) {
    int i = Arrays.binarySearch(sorted, pos);
    return i >= 0 ? i : -i - 1;
  }

  /**
   * @param s a string
   * @return its Shannon entropy in bits per character (0 for the empty string)
   */
  public static double entropy(String s) {
    if (s.isEmpty()) {
      return 0;
    }
    int[] counts = new int[256];
    java.util.Map<Character, Integer> other = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 256) {
        counts[c]++;
      } else {
        if (other == null) {
          other = new java.util.HashMap<>();
        }
        other.merge(c, 1, Integer::sum);
      }
    }
    double h = 0;
    double len = s.length();
    for (int c : counts) {
      if (c > 0) {
        double p = c / len;
        h -= p * (Math.log(p) / Math.log(2));
      }
    }
    if (other != null) {
      for (int c : other.values()) {
        double p = c / len;
        h -= p * (Math.log(p) / Math.log(2));
      }
    }
    return h;
  }

  /**
   * @param secret the secret
   * @return its first 4 characters followed by {@code ****} (only {@code ****} for secrets under 8 chars)
   */
  public static String redact(String secret) {
    return secret.length() < 8 ? "****" : secret.substring(0, 4) + "****";
  }

  /**
   * The fingerprint an ignore list names: the first 16 hex digits of
   * {@code sha256(ruleId LF path LF layerDiffId LF hex(sha256(secret)))}. Stable across scans; the same
   * secret at the same path in two layers gives two fingerprints; reveals nothing of the secret.
   *
   * @param ruleId the rule id; never null
   * @param path the file path or config location name; never null
   * @param layerDiffId the diffID ({@code sha256:...}) of the layer holding it, or null for the image config
   * @param secret the secret; never null
   * @return 16 lower-case hex digits
   */
  public static String fingerprint(String ruleId, String path, String layerDiffId, String secret) {
    String inner = HexFormat.of().formatHex(sha256(secret.getBytes(StandardCharsets.UTF_8)));
    String outer = ruleId + '\n' + path + '\n' + (layerDiffId == null ? "" : layerDiffId) + '\n' + inner;
    return HexFormat.of().formatHex(sha256(outer.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}
