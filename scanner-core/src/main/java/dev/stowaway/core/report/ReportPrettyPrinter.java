package dev.stowaway.core.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;

/**
 * Jackson's default pretty printer, writing the same bytes, with its separators and indentation encoded once:
 * the default one writes them as {@code String}s and {@code char[]}s that the generator encodes to UTF-8 at
 * every field (its {@code writeRaw(String)} copies the text into a char buffer first), about a fifth of the
 * time to write a large JSON report at start-up. Not thread-safe (one per generator, as Jackson's).
 */
public final class ReportPrettyPrinter extends DefaultPrettyPrinter {

  private static final long serialVersionUID = 1L;

  /** Levels whose line feed plus indentation is encoded ahead; deeper ones are left to Jackson's indenter. */
  private static final int CACHED_LEVELS = 16;

  private final SerializedString fieldValueSeparator;
  private final SerializedString entrySeparator;
  private final SerializedString arraySeparator;

  /** A printer for one generator. */
  public ReportPrettyPrinter() {
    fieldValueSeparator = new SerializedString(_objectFieldValueSeparatorWithSpaces);
    entrySeparator = new SerializedString(_objectEntrySeparator);
    arraySeparator = new SerializedString(_arrayValueSeparator);
    DefaultIndenter lines = DefaultIndenter.SYSTEM_LINEFEED_INSTANCE;
    SerializedString[] levels = new SerializedString[CACHED_LEVELS];
    for (int level = 0; level < CACHED_LEVELS; level++) {
      levels[level] = new SerializedString(lines.getEol() + lines.getIndent().repeat(level));
    }
    indentObjectsWith(new LevelIndenter(levels, lines));
  }

  /**
   * Makes a generator pretty-print with this printer, as {@link JsonGenerator#useDefaultPrettyPrinter()}
   * does with Jackson's.
   *
   * @param g the generator; not null
   * @return {@code g}
   */
  public static JsonGenerator use(JsonGenerator g) {
    return g.setPrettyPrinter(new ReportPrettyPrinter());
  }

  @Override
  public DefaultPrettyPrinter createInstance() {
    return new ReportPrettyPrinter();
  }

  @Override
  public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(fieldValueSeparator);
  }

  @Override
  public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
    g.writeRaw(entrySeparator);
    _objectIndenter.writeIndentation(g, _nesting);
  }

  @Override
  public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(arraySeparator);
    _arrayIndenter.writeIndentation(g, _nesting);
  }

  /** Jackson's line-feed indenter with each level's text encoded once. */
  private record LevelIndenter(SerializableString[] levels, DefaultIndenter lines) implements Indenter {
    @Override
    public void writeIndentation(JsonGenerator g, int level) throws IOException {
      if (level >= 0 && level < levels.length) {
        g.writeRaw(levels[level]);
      } else {
        lines.writeIndentation(g, level);
      }
    }

    @Override
    public boolean isInline() {
      return false;
    }
  }
}
