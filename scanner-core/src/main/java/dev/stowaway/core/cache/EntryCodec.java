package dev.stowaway.core.cache;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Cvss;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.LicenseFinding;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.PathList;
import dev.stowaway.api.model.PolicyViolation;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.Suppression;
import dev.stowaway.api.walk.EntryType;
import dev.stowaway.core.merge.MergedLayers;
import dev.stowaway.core.walk.LayerResult;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Encodes cache entries and decodes them defensively. An entry is:
 *
 * <pre>
 *   magic "STWYLC" | u16 format | string key text | u32 payload length | payload | u32 CRC-32C of all before
 * </pre>
 *
 * Strings are a u32 byte length (or -1 for null) and UTF-8. Locations in the layer being cached are stored
 * as "this layer", so an entry serves the same diffID at any index of any image. Anything unexpected on
 * decoding (wrong magic or format, another key, a bad checksum, a truncated or malformed payload) is
 * reported as {@link CorruptEntryException}: the caller treats it as a miss.
 *
 * <p>Stateless and thread-safe.
 */
final class EntryCodec {

  /** Bump whenever the payload layout changes; older entries then fail to decode and are misses. */
  static final int FORMAT = 3;
  private static final byte[] MAGIC = "STWYLC".getBytes(StandardCharsets.US_ASCII);

  private static final byte LOC_NULL = 0;
  private static final byte LOC_THIS_LAYER = 1;
  private static final byte LOC_OTHER_LAYER = 2;
  private static final byte LOC_NO_LAYER = 3;

  private static final byte VULNERABILITY = 1;
  private static final byte SECRET = 2;
  private static final byte MISCONFIGURATION = 3;
  private static final byte LICENSE = 4;
  private static final byte POLICY = 5;

  private EntryCodec() {}

  /** An entry that cannot be trusted. */
  static final class CorruptEntryException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptEntryException(String message) {
      super(message);
    }
  }

  // ---- encoding ----

  static byte[] encodeAnalysis(String keyText, LayerRef self, LayerPart.Analysis a) {
    return frame(keyText, out -> {
      out.writeInt(a.packages.size());
      for (Package p : a.packages) {
        writePackage(out, self, p);
      }
      out.writeInt(a.findings.size());
      for (Finding f : a.findings) {
        writeFinding(out, self, f);
      }
      out.writeInt(a.osReleases.size());
      for (LayerResult.OsCandidate c : a.osReleases) {
        writeString(out, c.path());
        out.writeInt(c.precedence());
        writeOsRelease(out, c.release());
      }
      writeIssues(out, self, a.issues);
    });
  }

  /**
   * An image's finished inventory: the merged layers after every finisher. Every location names its layer
   * (there is no "this layer").
   */
  static byte[] encodeInventory(String keyText, MergedLayers m) {
    return frame(keyText, out -> {
      out.writeBoolean(m.os() != null);
      if (m.os() != null) {
        writeOsRelease(out, m.os());
      }
      out.writeInt(m.packages().size());
      for (Package p : m.packages()) {
        writePackage(out, null, p);
      }
      out.writeInt(m.findings().size());
      for (Finding f : m.findings()) {
        writeFinding(out, null, f);
      }
      writeIssues(out, null, m.issues());
    });
  }

  /** The vulnerabilities matched for an image's inventory, and the backport suppressions among them. */
  static byte[] encodeMatches(String keyText, CachingLayerAnalysis.Matches m) {
    return frame(keyText, out -> {
      out.writeInt(m.findings().size());
      for (VulnerabilityFinding f : m.findings()) {
        writeFinding(out, null, f);
      }
      out.writeInt(m.backports().size());
      for (Map.Entry<VulnerabilityFinding, Suppression> e : m.backports().entrySet()) {
        writeFinding(out, null, e.getKey());
        Suppression s = e.getValue();
        writeString(out, s.kind().name());
        writeString(out, s.reason());
        writeString(out, s.expires() == null ? null : s.expires().toString());
        writeString(out, s.source());
        out.writeBoolean(s.active());
      }
    });
  }

  static CachingLayerAnalysis.Matches decodeMatches(byte[] entry, String keyText) throws CorruptEntryException {
    Reader in = open(entry, keyText);
    try {
      int n = in.count();
      List<VulnerabilityFinding> findings = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        findings.add((VulnerabilityFinding) readFinding(in, null));
      }
      n = in.count();
      Map<VulnerabilityFinding, Suppression> backports = new java.util.LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        VulnerabilityFinding f = (VulnerabilityFinding) readFinding(in, null);
        Suppression.Kind kind = Suppression.Kind.valueOf(in.string());
        String reason = in.string();
        String expires = in.string();
        backports.put(f, new Suppression(kind, reason, expires == null ? null : java.time.LocalDate.parse(expires),
            in.string(), in.buf.get() != 0));
      }
      in.end();
      return new CachingLayerAnalysis.Matches(findings, backports);
    } catch (RuntimeException e) {
      throw new CorruptEntryException("malformed payload: " + e);
    }
  }

  /** What the config analyzers reported for an image. */
  static byte[] encodeConfigResults(String keyText, CachingLayerAnalysis.ConfigResults r) {
    return frame(keyText, out -> {
      out.writeInt(r.findings().size());
      for (Finding f : r.findings()) {
        writeFinding(out, null, f);
      }
      writeIssues(out, null, r.issues());
    });
  }

  static CachingLayerAnalysis.ConfigResults decodeConfigResults(byte[] entry, String keyText)
      throws CorruptEntryException {
    Reader in = open(entry, keyText);
    try {
      int n = in.count();
      List<Finding> findings = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        findings.add(readFinding(in, null));
      }
      List<AnalysisIssue> issues = readIssues(in, null);
      in.end();
      return new CachingLayerAnalysis.ConfigResults(findings, issues);
    } catch (RuntimeException e) {
      throw new CorruptEntryException("malformed payload: " + e);
    }
  }

  private static void writeOsRelease(DataOutputStream out, OsRelease r) throws IOException {
    writeString(out, r.id());
    writeString(out, r.versionId());
    writeString(out, r.version());
    writeString(out, r.versionCodename());
    writeString(out, r.name());
    writeString(out, r.prettyName());
    writeStrings(out, r.idLike());
  }

  static byte[] encodeFacts(String keyText, LayerRef self, LayerPart.Facts f) {
    return frame(keyText, out -> {
      writeIssues(out, self, f.issues);
      writeStrings(out, f.whiteouts);
      writeStrings(out, f.opaqueDirs);
      // Sorted, so that equal layers give equal bytes.
      writeStrings(out, f.present.stream().sorted().toList());
      out.writeInt(f.links.size());
      for (Map.Entry<String, LayerResult.Link> e : new TreeMap<>(f.links).entrySet()) {
        writeString(out, e.getKey());
        out.writeByte(e.getValue().type() == EntryType.HARDLINK ? 1 : 0);
        writeString(out, e.getValue().target());
      }
      out.writeLong(f.entryCount);
    });
  }

  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] frame(String keyText, Body body) {
    try {
      ByteArrayOutputStream payloadBytes = new ByteArrayOutputStream(4096);
      DataOutputStream payload = new DataOutputStream(payloadBytes);
      body.write(payload);
      payload.flush();
      ByteArrayOutputStream all = new ByteArrayOutputStream(payloadBytes.size() + keyText.length() + 32);
      DataOutputStream out = new DataOutputStream(all);
      out.write(MAGIC);
      out.writeShort(FORMAT);
      writeString(out, keyText);
      out.writeInt(payloadBytes.size());
      payloadBytes.writeTo(out);
      out.flush();
      CRC32C crc = new CRC32C();
      byte[] bytes = all.toByteArray();
      crc.update(bytes);
      byte[] framed = Arrays.copyOf(bytes, bytes.length + 4);
      ByteBuffer.wrap(framed, bytes.length, 4).putInt((int) crc.getValue());
      return framed;
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
  }

  private static void writePackage(DataOutputStream out, LayerRef self, Package p) throws IOException {
    writeString(out, p.ecosystem());
    writeString(out, p.name());
    writeString(out, p.version());
    writeString(out, p.purl());
    writeString(out, p.sourceName());
    writeString(out, p.sourceVersion());
    writeString(out, p.arch());
    writeStrings(out, p.licenses());
    writeLocation(out, self, p.location());
    writePaths(out, p.installedFiles());
    out.writeInt(p.properties().size());
    for (Map.Entry<String, String> e : p.properties().entrySet()) {
      writeString(out, e.getKey());
      writeString(out, e.getValue());
    }
  }

  private static void writeFinding(DataOutputStream out, LayerRef self, Finding f) throws IOException {
    if (f instanceof VulnerabilityFinding v) {
      out.writeByte(VULNERABILITY);
      writeString(out, v.id());
      writeStrings(out, v.aliases());
      writeString(out, v.severity().name());
      writeString(out, v.title());
      writeString(out, v.purl());
      writeString(out, v.packageName());
      writeString(out, v.installedVersion());
      writeString(out, v.fixedVersion());
      writeLocation(out, self, v.location());
      out.writeBoolean(v.cvss() != null);
      if (v.cvss() != null) {
        writeString(out, v.cvss().version());
        writeString(out, v.cvss().vector());
        out.writeDouble(v.cvss().baseScore());
        writeString(out, v.cvss().source());
      }
      writeString(out, v.distroSeverity());
    } else if (f instanceof SecretFinding s) {
      out.writeByte(SECRET);
      writeString(out, s.id());
      writeString(out, s.severity().name());
      writeString(out, s.title());
      writeLocation(out, self, s.location());
      out.writeInt(s.line());
      writeString(out, s.redacted());
      writeString(out, s.fingerprint());
      out.writeInt(s.removedIn() == null ? -1 : s.removedIn());
      out.writeInt(s.column());
      out.writeDouble(s.entropy());
    } else if (f instanceof MisconfigurationFinding m) {
      out.writeByte(MISCONFIGURATION);
      writeString(out, m.id());
      writeString(out, m.severity().name());
      writeString(out, m.title());
      writeString(out, m.remediation());
      writeString(out, m.benchmark());
      writeLocation(out, self, m.location());
      out.writeInt(m.line());
    } else if (f instanceof LicenseFinding l) {
      out.writeByte(LICENSE);
      writeString(out, l.id());
      writeString(out, l.severity().name());
      writeString(out, l.title());
      writeString(out, l.purl());
      writeLocation(out, self, l.location());
    } else if (f instanceof PolicyViolation p) {
      out.writeByte(POLICY);
      writeString(out, p.id());
      writeString(out, p.severity().name());
      writeString(out, p.title());
      writeLocation(out, self, p.location());
    } else {
      throw new IllegalArgumentException("finding kind not known to the cache: " + f.getClass().getName());
    }
  }

  private static void writeIssues(DataOutputStream out, LayerRef self, List<AnalysisIssue> issues)
      throws IOException {
    out.writeInt(issues.size());
    for (AnalysisIssue i : issues) {
      writeString(out, i.analyzer());
      writeLocation(out, self, i.location());
      writeString(out, i.message());
    }
  }

  private static void writeLocation(DataOutputStream out, LayerRef self, Location l) throws IOException {
    if (l == null) {
      out.writeByte(LOC_NULL);
      return;
    }
    if (l.layer() == null) {
      out.writeByte(LOC_NO_LAYER);
    } else if (l.layer().equals(self)) {
      out.writeByte(LOC_THIS_LAYER);
    } else {
      out.writeByte(LOC_OTHER_LAYER);
      out.writeInt(l.layer().index());
      writeString(out, l.layer().diffId().toString());
    }
    writeString(out, l.path());
    writeString(out, l.nestedPath());
  }

  /**
   * Paths as their count, their total length in bytes, every path's length, then every path's bytes: read
   * back with two array copies into a {@link PathList} (a Debian image has ~100,000 installed files).
   */
  private static void writePaths(DataOutputStream out, List<String> paths) throws IOException {
    byte[][] encoded = new byte[paths.size()][];
    long total = 0;
    for (int i = 0; i < encoded.length; i++) {
      encoded[i] = paths.get(i).getBytes(StandardCharsets.UTF_8);
      total += encoded[i].length;
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("file list of " + total + " bytes");
    }
    out.writeInt(encoded.length);
    out.writeInt((int) total);
    for (byte[] e : encoded) {
      out.writeInt(e.length);
    }
    for (byte[] e : encoded) {
      out.write(e);
    }
  }

  private static void writeStrings(DataOutputStream out, List<String> list) throws IOException {
    out.writeInt(list.size());
    for (String s : list) {
      writeString(out, s);
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  // ---- decoding ----

  static LayerPart.Analysis decodeAnalysis(byte[] entry, String keyText, LayerRef self) throws CorruptEntryException {
    Reader in = open(entry, keyText);
    try {
      LayerPart.Analysis a = new LayerPart.Analysis();
      for (int i = in.count(); i > 0; i--) {
        a.packages.add(readPackage(in, self));
      }
      for (int i = in.count(); i > 0; i--) {
        a.findings.add(readFinding(in, self));
      }
      for (int i = in.count(); i > 0; i--) {
        String path = in.string();
        int precedence = in.buf.getInt();
        a.osReleases.add(new LayerResult.OsCandidate(path, precedence, readOsRelease(in)));
      }
      a.issues.addAll(readIssues(in, self));
      in.end();
      return a;
    } catch (RuntimeException e) {
      throw new CorruptEntryException("malformed payload: " + e);
    }
  }

  static MergedLayers decodeInventory(byte[] entry, String keyText) throws CorruptEntryException {
    Reader in = open(entry, keyText);
    try {
      OsRelease os = in.buf.get() != 0 ? readOsRelease(in) : null;
      int n = in.count();
      List<Package> packages = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        packages.add(readPackage(in, null));
      }
      n = in.count();
      List<Finding> findings = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        findings.add(readFinding(in, null));
      }
      List<AnalysisIssue> issues = readIssues(in, null);
      in.end();
      return new MergedLayers(os, List.copyOf(packages), List.copyOf(findings), List.copyOf(issues));
    } catch (RuntimeException e) {
      throw new CorruptEntryException("malformed payload: " + e);
    }
  }

  private static OsRelease readOsRelease(Reader in) {
    return new OsRelease(in.string(), in.string(), in.string(), in.string(), in.string(), in.string(), in.strings());
  }

  static LayerPart.Facts decodeFacts(byte[] entry, String keyText, LayerRef self) throws CorruptEntryException {
    Reader in = open(entry, keyText);
    try {
      List<AnalysisIssue> issues = readIssues(in, self);
      List<String> whiteouts = in.strings();
      List<String> opaque = in.strings();
      Set<String> present = new HashSet<>(in.strings());
      int links = in.count();
      Map<String, LayerResult.Link> linkMap = new HashMap<>();
      for (int i = 0; i < links; i++) {
        String path = in.string();
        EntryType type = in.buf.get() == 1 ? EntryType.HARDLINK : EntryType.SYMLINK;
        linkMap.put(path, new LayerResult.Link(type, in.string()));
      }
      long entries = in.buf.getLong();
      in.end();
      return new LayerPart.Facts(issues, whiteouts, opaque, present, linkMap, entries);
    } catch (RuntimeException e) {
      throw new CorruptEntryException("malformed payload: " + e);
    }
  }

  private static Reader open(byte[] entry, String keyText) throws CorruptEntryException {
    if (entry.length < MAGIC.length + 2 + 4 + 4 + 4) {
      throw new CorruptEntryException("too short");
    }
    CRC32C crc = new CRC32C();
    crc.update(entry, 0, entry.length - 4);
    if ((int) crc.getValue() != ByteBuffer.wrap(entry, entry.length - 4, 4).getInt()) {
      throw new CorruptEntryException("checksum mismatch");
    }
    Reader in = new Reader(ByteBuffer.wrap(entry, 0, entry.length - 4));
    try {
      byte[] magic = new byte[MAGIC.length];
      in.buf.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new CorruptEntryException("not a layer cache entry");
      }
      int format = in.buf.getShort();
      if (format != FORMAT) {
        throw new CorruptEntryException("format " + format + ", expected " + FORMAT);
      }
      if (!keyText.equals(in.string())) {
        throw new CorruptEntryException("entry was stored for another key");
      }
      int length = in.buf.getInt();
      if (length != in.buf.remaining()) {
        throw new CorruptEntryException("payload length mismatch");
      }
      return in;
    } catch (RuntimeException e) {
      throw new CorruptEntryException("malformed header: " + e);
    }
  }

  private static Package readPackage(Reader in, LayerRef self) {
    String ecosystem = in.string();
    String name = in.string();
    String version = in.string();
    String purl = in.string();
    String sourceName = in.string();
    String sourceVersion = in.string();
    String arch = in.string();
    List<String> licenses = in.strings();
    Location location = readLocation(in, self);
    List<String> files = in.paths();
    Map<String, String> properties = new TreeMap<>();
    for (int i = in.count(); i > 0; i--) {
      properties.put(in.string(), in.string());
    }
    return new Package(ecosystem, name, version, purl, sourceName, sourceVersion, arch, licenses, location, files,
        properties);
  }

  private static Finding readFinding(Reader in, LayerRef self) {
    byte kind = in.buf.get();
    switch (kind) {
      case VULNERABILITY: {
        String id = in.string();
        List<String> aliases = in.strings();
        Severity severity = Severity.valueOf(in.string());
        String title = in.string();
        String purl = in.string();
        String packageName = in.string();
        String installed = in.string();
        String fixed = in.string();
        Location location = readLocation(in, self);
        Cvss cvss = in.buf.get() == 0 ? null : new Cvss(in.string(), in.string(), in.buf.getDouble(), in.string());
        return new VulnerabilityFinding(id, aliases, severity, title, purl, packageName, installed, fixed, location,
            cvss, in.string());
      }
      case SECRET: {
        String id = in.string();
        Severity severity = Severity.valueOf(in.string());
        String title = in.string();
        Location location = readLocation(in, self);
        int line = in.buf.getInt();
        String redacted = in.string();
        String fingerprint = in.string();
        int removedIn = in.buf.getInt();
        int column = in.buf.getInt();
        double entropy = in.buf.getDouble();
        return new SecretFinding(id, severity, title, location, line, redacted, fingerprint,
            removedIn < 0 ? null : removedIn, column, entropy);
      }
      case MISCONFIGURATION: {
        String id = in.string();
        Severity severity = Severity.valueOf(in.string());
        String title = in.string();
        String remediation = in.string();
        String benchmark = in.string();
        Location location = readLocation(in, self);
        return new MisconfigurationFinding(id, severity, title, remediation, benchmark, location, in.buf.getInt());
      }
      case LICENSE: {
        String id = in.string();
        Severity severity = Severity.valueOf(in.string());
        return new LicenseFinding(id, severity, in.string(), in.string(), readLocation(in, self));
      }
      case POLICY: {
        String id = in.string();
        Severity severity = Severity.valueOf(in.string());
        return new PolicyViolation(id, severity, in.string(), readLocation(in, self));
      }
      default:
        throw new IllegalArgumentException("unknown finding kind " + kind);
    }
  }

  private static List<AnalysisIssue> readIssues(Reader in, LayerRef self) {
    List<AnalysisIssue> out = new ArrayList<>();
    for (int i = in.count(); i > 0; i--) {
      String analyzer = in.string();
      Location location = readLocation(in, self);
      out.add(new AnalysisIssue(analyzer, location, in.string()));
    }
    return out;
  }

  private static Location readLocation(Reader in, LayerRef self) {
    byte tag = in.buf.get();
    LayerRef layer;
    switch (tag) {
      case LOC_NULL:
        return null;
      case LOC_THIS_LAYER:
        layer = self;
        break;
      case LOC_OTHER_LAYER:
        layer = in.layerRef(in.buf.getInt(), in.string());
        break;
      case LOC_NO_LAYER:
        layer = null;
        break;
      default:
        throw new IllegalArgumentException("unknown location tag " + tag);
    }
    return new Location(layer, in.string(), in.string());
  }

  /** Bounds-checked reads: a length larger than what is left is corruption, never a huge allocation. */
  private static final class Reader {
    final ByteBuffer buf;
    /** Layers named by other-layer locations, parsed once per entry (an image entry names a few, thousands of times). */
    private final Map<String, LayerRef> layers = new HashMap<>();

    Reader(ByteBuffer buf) {
      this.buf = buf;
    }

    int count() {
      int n = buf.getInt();
      if (n < 0 || n > buf.remaining()) {
        throw new IllegalArgumentException("bad count " + n);
      }
      return n;
    }

    String string() {
      int n = buf.getInt();
      if (n == -1) {
        return null;
      }
      if (n < 0 || n > buf.remaining()) {
        throw new IllegalArgumentException("bad string length " + n);
      }
      String s = new String(buf.array(), buf.arrayOffset() + buf.position(), n, StandardCharsets.UTF_8);
      buf.position(buf.position() + n);
      return s;
    }

    List<String> strings() {
      int n = count();
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(string());
      }
      return out;
    }

    /** What {@link #writePaths} wrote. */
    List<String> paths() {
      int n = count();
      int total = buf.getInt();
      if (n == 0 && total == 0) {
        return List.of();
      }
      if (total < 0 || (long) n * 4 + total > buf.remaining()) {
        throw new IllegalArgumentException("bad file list: " + n + " paths, " + total + " bytes");
      }
      int[] lengths = new int[n];
      buf.asIntBuffer().get(lengths);
      buf.position(buf.position() + 4 * n);
      List<String> paths = PathList.fromUtf8(buf.array(), buf.arrayOffset() + buf.position(), total, lengths);
      buf.position(buf.position() + total);
      return paths;
    }

    LayerRef layerRef(int index, String diffId) {
      LayerRef known = layers.get(diffId);
      if (known != null && known.index() == index) {
        return known;
      }
      LayerRef ref = new LayerRef(index, Digest.parse(diffId));
      layers.put(diffId, ref);
      return ref;
    }

    void end() {
      if (buf.hasRemaining()) {
        throw new IllegalArgumentException(buf.remaining() + " trailing bytes");
      }
    }
  }
}
