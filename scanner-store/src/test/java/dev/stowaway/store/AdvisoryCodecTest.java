package dev.stowaway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.vuln.Advisory;
import dev.stowaway.api.vuln.Advisory.Affected;
import dev.stowaway.api.vuln.Advisory.Event;
import dev.stowaway.api.vuln.Advisory.EventKind;
import dev.stowaway.api.vuln.Advisory.Range;
import dev.stowaway.api.vuln.Advisory.RangeType;
import dev.stowaway.api.vuln.Advisory.SeverityEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvisoryCodecTest {
  private static final Affected FULL = new Affected("Debian:12", "openssl", "pkg:deb/debian/openssl",
      List.of(new Range(RangeType.ECOSYSTEM, List.of(new Event(EventKind.INTRODUCED, "0"),
              new Event(EventKind.FIXED, "3.0.11-1~deb12u2"))),
          new Range(RangeType.SEMVER, List.of(new Event(EventKind.INTRODUCED, "1.0.0"),
              new Event(EventKind.LAST_AFFECTED, "1.2.0"), new Event(EventKind.LIMIT, "*"))),
          new Range(RangeType.GIT, List.of(new Event(EventKind.INTRODUCED, "a".repeat(300))))),
      List.of("1.0", "ünïcode-1.0", ""), "unimportant", List.of(new SeverityEntry("CVSS_V3", "CVSS:3.1/AV:N")));

  @Test
  void entriesAndRecordsRoundTrip() {
    assertThat(AdvisoryCodec.decodeEntry(AdvisoryCodec.encodeEntry(FULL))).isEqualTo(FULL);
    Affected bare = new Affected("npm", "x", null, List.of(), List.of(), null, List.of());
    assertThat(AdvisoryCodec.decodeEntry(AdvisoryCodec.encodeEntry(bare))).isEqualTo(bare);
    Advisory record = new Advisory("DSA-1", List.of("CVE-2024-1", "GHSA-xxxx-yyyy-zzzz"),
        Instant.parse("2024-01-01T00:00:00.123456789Z"), Instant.parse("1960-06-30T01:02:03Z"), null, "sümmary",
        "details\nmore", FULL.severity(), List.of(), List.of("https://example.org/a"));
    assertThat(AdvisoryCodec.decodeRecord("DSA-1", AdvisoryCodec.encodeRecord(record))).isEqualTo(record);
    Advisory empty = new Advisory("X", List.of(), null, null, Instant.EPOCH, null, null, List.of(), List.of(),
        List.of());
    assertThat(AdvisoryCodec.decodeRecord("X", AdvisoryCodec.encodeRecord(empty))).isEqualTo(empty);
  }

  @Test
  void indexRowsHoldEachEntrysSummaryAndIds() {
    AdvisoryCodec.Bytes row = new AdvisoryCodec.Bytes(16);
    AdvisoryCodec.appendIndexEntry(row, 7, "DSA-1", false, AdvisoryCodec.encodeSummary(FULL));
    AdvisoryCodec.appendIndexEntry(row, 300_000, "DSA-2", true, AdvisoryCodec.encodeSummary(
        new Affected("Debian:12", "openssl", null, List.of(), List.of("9"), null, List.of())));
    List<AdvisoryCodec.IndexEntry> entries = AdvisoryCodec.decodeIndexRow(row.toByteArray(), "Debian:12", "openssl");
    assertThat(entries).extracting(AdvisoryCodec.IndexEntry::entryId).containsExactly(7L, 300_000L);
    assertThat(entries).extracting(AdvisoryCodec.IndexEntry::advisoryId).containsExactly("DSA-1", "DSA-2");
    assertThat(entries).extracting(AdvisoryCodec.IndexEntry::withdrawn).containsExactly(false, true);
    assertThat(entries.get(0).summary().ranges()).isEqualTo(FULL.ranges());
    assertThat(entries.get(0).summary().versions()).isEqualTo(FULL.versions());
    assertThat(entries.get(1).summary().versions()).containsExactly("9");
  }

  @Test
  void bytesThisCodeDidNotWriteAreAStoreErrorNotACrash() {
    byte[] truncated = AdvisoryCodec.encodeEntry(FULL);
    byte[] cut = java.util.Arrays.copyOf(truncated, truncated.length / 2);
    assertThatThrownBy(() -> AdvisoryCodec.decodeEntry(cut)).isInstanceOf(AdvisoryStoreException.class);
    assertThatThrownBy(() -> AdvisoryCodec.decodeIndexRow(new byte[] {1, 5, 'a'}, "npm", "x"))
        .isInstanceOf(AdvisoryStoreException.class);
    assertThatThrownBy(() -> AdvisoryCodec.decodeRecord("X", new byte[] {0, 0, 0, 1, (byte) 0xff, (byte) 0xff, 0x7f}))
        .isInstanceOf(AdvisoryStoreException.class);
  }
}
