package dev.stowaway.store;

import dev.stowaway.api.vuln.Advisory.Affected;
import dev.stowaway.api.vuln.Advisory.Event;
import dev.stowaway.api.vuln.Advisory.EventKind;
import dev.stowaway.api.vuln.Advisory.Range;
import dev.stowaway.api.vuln.Advisory.RangeType;
import dev.stowaway.api.vuln.Advisory.SeverityEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact binary forms the store keeps beside the raw record (schema 2), so a look-up decodes only what
 * matching needs, without a JSON parser: one affected entry, a record's aliases, severity and references;
 * and a summary of an entry's ranges and versions (the package index) that a matcher's filter reads before
 * anything else is decoded.
 *
 * <p>Integers are unsigned LEB128 varints; strings a varint byte length then UTF-8; a nullable string a
 * byte (0 null, 1 present) then the string; a list its count then its items. Summary: the ranges (each its
 * {@link RangeType} ordinal byte and its events, each the {@link EventKind} ordinal byte and version), then
 * the listed versions. Entry: ecosystem, name, nullable purl, summary, nullable severity text, severity
 * list (type, score). Record: modified, published and withdrawn as nullable instants (a presence byte,
 * the zigzag epoch second, the nanos), nullable summary and details, aliases, severity, references. A package-index row concatenates, per entry: the entry's row id, the record id, a
 * withdrawn byte (0/1), the summary's byte length and the summary.
 */
final class AdvisoryCodec {
  private AdvisoryCodec() {}

  static byte[] encodeSummary(Affected a) {
    Bytes out = new Bytes(64);
    writeSummary(out, a);
    return out.toByteArray();
  }

  private static void writeSummary(Bytes out, Affected a) {
    out.varint(a.ranges().size());
    for (Range r : a.ranges()) {
      out.write(r.type().ordinal());
      out.varint(r.events().size());
      for (Event e : r.events()) {
        out.write(e.kind().ordinal());
        out.string(e.version());
      }
    }
    out.varint(a.versions().size());
    for (String v : a.versions()) {
      out.string(v);
    }
  }

  static byte[] encodeEntry(Affected a) {
    Bytes out = new Bytes(128);
    out.string(a.ecosystem());
    out.string(a.packageName());
    out.nullable(a.purl());
    writeSummary(out, a);
    out.nullable(a.severityText());
    writeSeverity(out, a.severity());
    return out.toByteArray();
  }

  static Affected decodeEntry(byte[] bytes) {
    Reader in = new Reader(bytes);
    try {
      String ecosystem = in.string();
      String name = in.string();
      String purl = in.nullable();
      List<Range> ranges = in.ranges();
      List<String> versions = in.strings();
      return new Affected(ecosystem, name, purl, ranges, versions, in.nullable(), in.severity());
    } catch (RuntimeException e) {
      throw unreadable("an affected entry", e);
    }
  }

  /**
   * Encodes what matching reads of a record besides its entries: times, summary, details, aliases,
   * severity, references (the id is the row's key).
   */
  static byte[] encodeRecord(dev.stowaway.api.vuln.Advisory a) {
    Bytes out = new Bytes(256);
    out.instant(a.modified());
    out.instant(a.published());
    out.instant(a.withdrawn());
    out.nullable(a.summary());
    out.nullable(a.details());
    writeStrings(out, a.aliases());
    writeSeverity(out, a.severity());
    writeStrings(out, a.references());
    return out.toByteArray();
  }

  /** Decodes {@link #encodeRecord}'s bytes into a record without entries. */
  static dev.stowaway.api.vuln.Advisory decodeRecord(String id, byte[] bytes) {
    Reader in = new Reader(bytes);
    try {
      java.time.Instant modified = in.instant();
      java.time.Instant published = in.instant();
      java.time.Instant withdrawn = in.instant();
      String summary = in.nullable();
      String details = in.nullable();
      List<String> aliases = in.strings();
      List<SeverityEntry> severity = in.severity();
      return new dev.stowaway.api.vuln.Advisory(id, aliases, modified, published, withdrawn, summary, details,
          severity, List.of(), in.strings());
    } catch (RuntimeException e) {
      throw unreadable("a record", e);
    }
  }

  private static void writeStrings(Bytes out, List<String> values) {
    out.varint(values.size());
    for (String v : values) {
      out.string(v);
    }
  }

  private static void writeSeverity(Bytes out, List<SeverityEntry> entries) {
    out.varint(entries.size());
    for (SeverityEntry e : entries) {
      out.string(e.type());
      out.string(e.score());
    }
  }

  private static AdvisoryStoreException unreadable(String what, RuntimeException e) {
    return new AdvisoryStoreException("advisory database holds " + what + " this Stowaway did not write: " + e, e);
  }

  /** Appends one package-index entry (see the class comment) to a row being built. */
  static void appendIndexEntry(Bytes row, long entryId, String advisoryId, boolean withdrawn, byte[] summary) {
    row.varint(entryId);
    row.string(advisoryId);
    row.write(withdrawn ? 1 : 0);
    row.varint(summary.length);
    row.write(summary, 0, summary.length);
  }

  /** One decoded package-index entry; the summary's name is the row's name key. */
  record IndexEntry(long entryId, String advisoryId, boolean withdrawn, Affected summary) {}

  /**
   * Decodes a package-index row.
   *
   * @throws AdvisoryStoreException if the bytes are not a row this code wrote
   */
  static List<IndexEntry> decodeIndexRow(byte[] row, String ecosystem, String nameKey) {
    Reader in = new Reader(row);
    List<IndexEntry> out = new ArrayList<>();
    try {
      while (in.pos < row.length) {
        long entryId = in.varint();
        String id = in.string();
        boolean withdrawn = in.row[in.pos++] != 0;
        in.varint(); // the summary's length: lets a reader skip it; this one decodes it
        List<Range> ranges = in.ranges();
        List<String> versions = in.strings();
        out.add(new IndexEntry(entryId, id, withdrawn,
            new Affected(ecosystem, nameKey, null, ranges, versions, null, List.of())));
      }
    } catch (RuntimeException e) { // out of bounds, bad ordinal: not what this code wrote
      throw new AdvisoryStoreException("advisory database holds an unreadable package index row for " + nameKey
          + ": " + e, e);
    }
    return out;
  }

  /** A growable byte array with varint and string writers. */
  static final class Bytes extends java.io.ByteArrayOutputStream {
    Bytes(int size) {
      super(size);
    }

    void varint(long value) {
      long v = value;
      while ((v & ~0x7FL) != 0) {
        write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      write((int) v);
    }

    void string(String s) {
      byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      varint(b.length);
      write(b, 0, b.length);
    }

    void nullable(String s) {
      write(s == null ? 0 : 1);
      if (s != null) {
        string(s);
      }
    }

    /** A nullable instant: a presence byte, then the epoch second zigzag-encoded and the nanos. */
    void instant(java.time.Instant t) {
      write(t == null ? 0 : 1);
      if (t != null) {
        long s = t.getEpochSecond();
        varint((s << 1) ^ (s >> 63));
        varint(t.getNano());
      }
    }
  }

  private static final class Reader {
    private final byte[] row;
    private int pos;

    Reader(byte[] row) {
      this.row = row;
    }

    long varint() {
      long v = 0;
      int shift = 0;
      while (true) {
        byte b = row[pos++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
        shift += 7;
        if (shift > 63) {
          throw new IllegalStateException("varint too long");
        }
      }
    }

    int count() {
      long n = varint();
      if (n > row.length - pos) {
        throw new IllegalStateException("count " + n + " past the end of the row");
      }
      return (int) n;
    }

    String string() {
      int n = count();
      String s = new String(row, pos, n, java.nio.charset.StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    String nullable() {
      return row[pos++] == 0 ? null : string();
    }

    java.time.Instant instant() {
      if (row[pos++] == 0) {
        return null;
      }
      long z = varint();
      return java.time.Instant.ofEpochSecond((z >>> 1) ^ -(z & 1), varint());
    }

    List<String> strings() {
      int n = count();
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(string());
      }
      return out;
    }

    List<Range> ranges() {
      int n = count();
      List<Range> ranges = new ArrayList<>(n);
      for (int r = 0; r < n; r++) {
        RangeType type = RANGE_TYPES[row[pos++]];
        int eventCount = count();
        List<Event> events = new ArrayList<>(eventCount);
        for (int e = 0; e < eventCount; e++) {
          EventKind kind = EVENT_KINDS[row[pos++]];
          events.add(new Event(kind, string()));
        }
        ranges.add(new Range(type, events));
      }
      return ranges;
    }

    List<SeverityEntry> severity() {
      int n = count();
      List<SeverityEntry> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(new SeverityEntry(string(), string()));
      }
      return out;
    }
  }

  private static final RangeType[] RANGE_TYPES = RangeType.values();
  private static final EventKind[] EVENT_KINDS = EventKind.values();
}
