package dev.stowaway.store;

import dev.stowaway.api.vuln.Advisory.Affected;
import dev.stowaway.api.vuln.Advisory.Event;
import dev.stowaway.api.vuln.Advisory.EventKind;
import dev.stowaway.api.vuln.Advisory.Range;
import dev.stowaway.api.vuln.Advisory.RangeType;
import dev.stowaway.api.vuln.Advisory.SeverityEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The compact JSON the store keeps beside the raw record so a look-up decodes only what matching needs
 * (one affected entry, aliases, severity) instead of the whole record with its long text.
 */
final class AdvisoryCodec {
  private AdvisoryCodec() {}

  static String encodeAffected(Affected a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("e", a.ecosystem());
    m.put("n", a.packageName());
    if (a.purl() != null) {
      m.put("p", a.purl());
    }
    List<Object> ranges = new ArrayList<>();
    for (Range r : a.ranges()) {
      List<Object> events = new ArrayList<>();
      for (Event e : r.events()) {
        events.add(List.of(e.kind().name(), e.version()));
      }
      ranges.add(List.of(r.type().name(), events));
    }
    m.put("r", ranges);
    m.put("v", a.versions());
    if (a.severityText() != null) {
      m.put("s", a.severityText());
    }
    m.put("sv", encodeSeverity(a.severity()));
    return JsonTree.write(m);
  }

  static Affected decodeAffected(String json) {
    Map<?, ?> m = (Map<?, ?>) parse(json);
    List<Range> ranges = new ArrayList<>();
    for (Object r : (List<?>) m.get("r")) {
      List<?> pair = (List<?>) r;
      List<Event> events = new ArrayList<>();
      for (Object e : (List<?>) pair.get(1)) {
        List<?> ev = (List<?>) e;
        events.add(new Event(EventKind.valueOf((String) ev.get(0)), (String) ev.get(1)));
      }
      ranges.add(new Range(RangeType.valueOf(((String) pair.get(0)).toUpperCase(Locale.ROOT)), events));
    }
    return new Affected((String) m.get("e"), (String) m.get("n"), (String) m.get("p"), ranges,
        decodeStrings((List<?>) m.get("v")), (String) m.get("s"), decodeSeverity((List<?>) m.get("sv")));
  }

  static List<Object> encodeSeverity(List<SeverityEntry> entries) {
    List<Object> out = new ArrayList<>();
    for (SeverityEntry s : entries) {
      out.add(List.of(s.type(), s.score()));
    }
    return out;
  }

  static String encodeSeverityJson(List<SeverityEntry> entries) {
    return JsonTree.write(encodeSeverity(entries));
  }

  static List<SeverityEntry> decodeSeverity(List<?> list) {
    List<SeverityEntry> out = new ArrayList<>();
    for (Object o : list) {
      List<?> pair = (List<?>) o;
      out.add(new SeverityEntry((String) pair.get(0), (String) pair.get(1)));
    }
    return out;
  }

  static List<SeverityEntry> decodeSeverityJson(String json) {
    return decodeSeverity((List<?>) parse(json));
  }

  static String encodeStrings(List<String> values) {
    return JsonTree.write(values);
  }

  static List<String> decodeStrings(String json) {
    return decodeStrings((List<?>) parse(json));
  }

  private static List<String> decodeStrings(List<?> list) {
    List<String> out = new ArrayList<>(list.size());
    for (Object o : list) {
      out.add((String) o);
    }
    return out;
  }

  private static Object parse(String json) {
    try {
      return JsonTree.parse(json);
    } catch (IOException e) {
      throw new AdvisoryStoreException("advisory database holds unreadable data: " + e.getMessage(), e);
    }
  }
}
