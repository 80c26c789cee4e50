package dev.stowaway.analyzers.os.dpkg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads Debian control-file stanzas (paragraphs of {@code Field: value} lines, continuation lines
 * starting with a space or tab, paragraphs separated by blank lines) from a stream, one paragraph at a
 * time, keeping only the fields asked for. Used for {@code var/lib/dpkg/status} and the distroless
 * {@code status.d} files.
 *
 * <p>Spec: <a href="https://www.debian.org/doc/debian-policy/ch-controlfields.html">Debian Policy,
 * chapter 5: control files and their fields</a>.
 *
 * <p>Memory is bounded: lines longer than {@link #MAX_LINE} bytes are cut (and counted in
 * {@link #truncatedLines()}), continuation lines of unwanted fields (long Descriptions, Conffiles) are
 * skipped, and the stream is read through a fixed buffer. Does not close the stream. Not thread-safe.
 */
final class ControlStanzaReader {

  static final int MAX_LINE = 64 * 1024;

  private final InputStream in;
  private final Set<String> wanted;
  private final byte[] buf = new byte[8192];
  private int pos;
  private int limit;
  private boolean eof;
  private int lineNo;
  private int truncatedLines;
  private int malformedLines;
  private int stanzaStartLine;
  private final long maxLines;
  private boolean lineLimitReached;

  /**
   * @param in the stream; read, not closed
   * @param wanted field names to keep, compared case-insensitively (give them lower-case)
   */
  ControlStanzaReader(InputStream in, Set<String> wanted) {
    this(in, wanted, Long.MAX_VALUE);
  }

  /**
   * @param in the stream; read, not closed
   * @param wanted field names to keep, compared case-insensitively (give them lower-case)
   * @param maxLines the most lines to read ({@code ScanLimits.maxLinesPerFile}); the stream ends there
   */
  ControlStanzaReader(InputStream in, Set<String> wanted, long maxLines) {
    this.in = in;
    this.wanted = wanted;
    this.maxLines = maxLines;
  }

  /** Tells whether reading stopped at the line limit rather than at the end of the stream. */
  boolean lineLimitReached() {
    return lineLimitReached;
  }

  /**
   * Reads the next stanza.
   *
   * @return the wanted fields (lower-case names; multi-line values joined with newlines), possibly empty
   *     if the stanza had none of them; null at the end of the stream
   * @throws IOException if reading fails
   */
  Map<String, String> next() throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    String current = null;
    // The current field's value once a continuation line came: joined here, put when the field ends, so a
    // field of many lines (a licence text in a copyright file) costs its length, not its length squared.
    StringBuilder continued = null;
    boolean any = false;
    String line;
    while ((line = readLine()) != null) {
      if (line.isBlank()) {
        if (any) {
          putContinued(fields, current, continued);
          return fields;
        }
        continue;
      }
      if (!any) {
        stanzaStartLine = lineNo;
      }
      any = true;
      char first = line.charAt(0);
      if (first == ' ' || first == '\t') {
        if (current != null) {
          if (continued == null) {
            continued = new StringBuilder(fields.get(current));
          }
          continued.append('\n').append(line.strip());
        }
        continue;
      }
      if (first == '#') {
        continue; // comments are allowed in some control files
      }
      putContinued(fields, current, continued);
      continued = null;
      int colon = line.indexOf(':');
      if (colon <= 0) {
        malformedLines++;
        current = null;
        continue;
      }
      String name = line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
      if (wanted.contains(name)) {
        current = name;
        fields.put(name, line.substring(colon + 1).strip());
      } else {
        current = null;
      }
    }
    putContinued(fields, current, continued);
    return any ? fields : null;
  }

  private static void putContinued(Map<String, String> fields, String field, StringBuilder continued) {
    if (continued != null) {
      fields.put(field, continued.toString());
    }
  }

  /** Returns the 1-based line where the stanza last returned by {@link #next} started. */
  int stanzaStartLine() {
    return stanzaStartLine;
  }

  /** Returns how many lines were longer than {@link #MAX_LINE} and were cut. */
  int truncatedLines() {
    return truncatedLines;
  }

  /** Returns how many lines were neither a field, a continuation, a comment nor blank. */
  int malformedLines() {
    return malformedLines;
  }

  /** Reads one line without its terminator (LF or CRLF); null at the end of the stream or the line limit. */
  private String readLine() throws IOException {
    if (lineNo >= maxLines) {
      lineLimitReached = true;
      return null;
    }
    ByteArrayOutputStream line = null;
    int kept = 0;
    boolean truncated = false;
    while (true) {
      if (pos == limit) {
        if (eof || !fill()) {
          if (line == null) {
            return null;
          }
          break;
        }
      }
      if (line == null) {
        line = new ByteArrayOutputStream(128);
      }
      int start = pos;
      while (pos < limit && buf[pos] != '\n') {
        pos++;
      }
      int n = pos - start;
      int room = MAX_LINE - kept;
      if (n > room) {
        truncated = true;
      }
      int take = Math.min(n, room);
      line.write(buf, start, take);
      kept += take;
      if (pos < limit) { // found '\n'
        pos++;
        break;
      }
    }
    lineNo++;
    if (truncated) {
      truncatedLines++;
    }
    byte[] b = line.toByteArray();
    int len = b.length;
    if (len > 0 && b[len - 1] == '\r') {
      len--;
    }
    return new String(b, 0, len, StandardCharsets.UTF_8);
  }

  private boolean fill() throws IOException {
    int n = 0;
    for (int zeroReads = 0; n == 0 && zeroReads < 1000; zeroReads++) {
      n = in.read(buf, 0, buf.length); // a stream that keeps returning 0 is treated as ended
    }
    if (n <= 0) {
      eof = true;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }
}
