package dev.stowaway.store;

import dev.stowaway.api.vuln.Advisory;
import dev.stowaway.api.vuln.Advisory.Affected;
import dev.stowaway.api.vuln.Advisory.Event;
import dev.stowaway.api.vuln.Advisory.EventKind;
import dev.stowaway.api.vuln.Advisory.Range;
import dev.stowaway.api.vuln.Advisory.RangeType;
import dev.stowaway.api.vuln.Advisory.SeverityEntry;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one parsed OSV record into an {@link Advisory}. Strict where matching depends on it (id, package,
 * range events must be strings), lenient elsewhere (an unreadable timestamp is left out).
 *
 * @see <a href="https://ossf.github.io/osv-schema/">OSV schema</a>
 */
final class OsvRecordParser {
  private OsvRecordParser() {}

  static Advisory parse(Object tree) throws MalformedRecordException {
    if (!(tree instanceof Map<?, ?> rec)) {
      throw new MalformedRecordException("record is not a JSON object");
    }
    String id = string(rec, "id", true);
    if (id.isBlank() || id.length() > 256) {
      throw new MalformedRecordException("id is blank or longer than 256 characters");
    }
    String topSeverityText = severityText(rec.get("database_specific"));
    List<Affected> affected = new ArrayList<>();
    for (Object a : list(rec, "affected", id)) {
      Affected parsed = affected(a, id, topSeverityText);
      if (parsed != null) {
        affected.add(parsed);
      }
    }
    List<String> references = new ArrayList<>();
    for (Object r : list(rec, "references", id)) {
      if (r instanceof Map<?, ?> ref && ref.get("url") instanceof String url) {
        if ("ADVISORY".equals(ref.get("type"))) {
          references.add(0, url);
        } else {
          references.add(url);
        }
      }
    }
    return new Advisory(id, strings(rec, "aliases", id), time(rec.get("modified")), time(rec.get("published")),
        time(rec.get("withdrawn")), string(rec, "summary", false), string(rec, "details", false),
        severity(rec.get("severity"), id), affected, references);
  }

  private static Affected affected(Object a, String id, String topSeverityText) throws MalformedRecordException {
    if (!(a instanceof Map<?, ?> entry)) {
      throw new MalformedRecordException(id + ": affected entry is not an object");
    }
    Object pkg = entry.get("package");
    if (pkg == null) {
      return null; // allowed by the schema (GIT-only entries); nothing to match a package against
    }
    if (!(pkg instanceof Map<?, ?> p)) {
      throw new MalformedRecordException(id + ": affected.package is not an object");
    }
    String ecosystem = string(p, "ecosystem", true);
    String name = string(p, "name", true);
    if (ecosystem.isBlank() || name.isBlank()) {
      throw new MalformedRecordException(id + ": affected.package has a blank ecosystem or name");
    }
    List<Range> ranges = new ArrayList<>();
    for (Object r : list(entry, "ranges", id)) {
      if (!(r instanceof Map<?, ?> range)) {
        throw new MalformedRecordException(id + ": range is not an object");
      }
      RangeType type;
      try {
        type = RangeType.valueOf(string(range, "type", true).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        continue; // a range type this version does not know: it cannot be evaluated, so it is left out
      }
      List<Event> events = new ArrayList<>();
      for (Object ev : list(range, "events", id)) {
        if (!(ev instanceof Map<?, ?> event)) {
          throw new MalformedRecordException(id + ": range event is not an object");
        }
        for (Map.Entry<?, ?> e : event.entrySet()) {
          EventKind kind = switch (String.valueOf(e.getKey())) {
            case "introduced" -> EventKind.INTRODUCED;
            case "fixed" -> EventKind.FIXED;
            case "last_affected" -> EventKind.LAST_AFFECTED;
            case "limit" -> EventKind.LIMIT;
            default -> null;
          };
          if (kind != null) {
            if (!(e.getValue() instanceof String v)) {
              throw new MalformedRecordException(id + ": event " + e.getKey() + " is not a string");
            }
            events.add(new Event(kind, v));
          }
        }
      }
      ranges.add(new Range(type, events));
    }
    String text = severityText(entry.get("ecosystem_specific"));
    if (text == null) {
      text = severityText(entry.get("database_specific"));
    }
    if (text == null) {
      text = topSeverityText;
    }
    return new Affected(ecosystem, name, p.get("purl") instanceof String s ? s : null, ranges,
        strings(entry, "versions", id), text, severity(entry.get("severity"), id));
  }

  /** Distro and database severities live under several names: severity, urgency, cvss severity. */
  private static String severityText(Object specific) {
    if (specific instanceof Map<?, ?> m) {
      for (String key : List.of("severity", "urgency", "ubuntu_priority")) {
        if (m.get(key) instanceof String s && !s.isBlank()) {
          return s;
        }
      }
    }
    return null;
  }

  private static List<SeverityEntry> severity(Object value, String id) throws MalformedRecordException {
    List<SeverityEntry> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof List<?> list)) {
      throw new MalformedRecordException(id + ": severity is not an array");
    }
    for (Object o : list) {
      if (o instanceof Map<?, ?> m && m.get("type") instanceof String t && m.get("score") instanceof String s) {
        out.add(new SeverityEntry(t, s));
      }
    }
    return out;
  }

  private static String string(Map<?, ?> m, String key, boolean required) throws MalformedRecordException {
    Object v = m.get(key);
    if (v == null) {
      if (required) {
        throw new MalformedRecordException("missing \"" + key + "\"");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw new MalformedRecordException("\"" + key + "\" is not a string");
    }
    return s;
  }

  private static List<?> list(Map<?, ?> m, String key, String id) throws MalformedRecordException {
    Object v = m.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> l)) {
      throw new MalformedRecordException(id + ": \"" + key + "\" is not an array");
    }
    return l;
  }

  private static List<String> strings(Map<?, ?> m, String key, String id) throws MalformedRecordException {
    List<String> out = new ArrayList<>();
    for (Object o : list(m, key, id)) {
      if (!(o instanceof String s)) {
        throw new MalformedRecordException(id + ": \"" + key + "\" holds a non-string");
      }
      out.add(s);
    }
    return out;
  }

  static Instant time(Object v) {
    if (!(v instanceof String s)) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
