package dev.stowaway.analyzers.secrets;

import dev.stowaway.api.analysis.ConfigAnalyzer;
import dev.stowaway.api.analysis.ConfigContext;
import dev.stowaway.api.image.HistoryEntry;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.model.Location;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds secrets in the image config: each {@code Env} entry ({@code NAME=value}), each label, and every
 * history {@code created_by} (build arguments and {@code ENV} instructions leak there). Env and label
 * findings are at {@link ConfigContext#configLocation()} with {@code nestedPath} {@code Env/NAME} or
 * {@code Labels/NAME}; history findings at {@link ConfigContext#historyLocation(int)}; line is 0.
 * Stateless after construction and thread-safe.
 */
public final class SecretConfigAnalyzer implements ConfigAnalyzer {
  /** The rules, or null for the built-in ones (taken on first use). */
  private final SecretRules rules;

  /** The ServiceLoader constructor: the built-in rules, taken on first use (nothing built when disabled). */
  public SecretConfigAnalyzer() {
    this.rules = null;
  }

  /** @param rules the rules to apply; never null */
  public SecretConfigAnalyzer(SecretRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  @Override
  public String id() {
    return "secrets-config";
  }

  @Override
  public String version() {
    return "2";
  }

  private SecretRules rules() {
    return rules != null ? rules : SecretRules.builtIn();
  }

  /** The rules themselves, as for {@link SecretFileAnalyzer#settingsKey()}. */
  @Override
  public String settingsKey() {
    return SecretRules.settingsTextOf(rules);
  }

  @Override
  public void analyze(ImageConfig config, ConfigContext context) {
    Location c = context.configLocation();
    for (String env : config.env()) {
      int eq = env.indexOf('=');
      String name = eq < 0 ? env : env.substring(0, eq);
      scan("config:Env/" + name, env, new Location(c.layer(), c.path(), "Env/" + name), context);
    }
    for (Map.Entry<String, String> label : config.labels().entrySet()) {
      String nested = "Labels/" + label.getKey();
      scan("config:" + nested, label.getKey() + "=" + label.getValue(), new Location(c.layer(), c.path(), nested),
          context);
    }
    List<HistoryEntry> history = config.history();
    for (int i = 0; i < history.size(); i++) {
      String createdBy = history.get(i).createdBy();
      if (createdBy != null && !createdBy.isEmpty()) {
        scan("history:" + i, createdBy, context.historyLocation(i), context);
      }
    }
  }

  private void scan(String name, String text, Location location, ConfigContext context) {
    String diffId = location.layer() == null ? null : location.layer().diffId().toString();
    SecretScanner scanner = rules().scanner();
    for (SecretScanner.Match m : scanner.scanText(name, text)) {
      // column counts from the start of the entry text (NAME=value, or the created_by command)
      context.addFinding(new dev.stowaway.api.model.SecretFinding(m.rule().id(), m.rule().severity(),
          m.rule().description(), location, 0, SecretScanner.redact(m.secret()),
          SecretScanner.fingerprint(m.rule().id(), name, diffId, m.secret()), null, m.column(), m.entropy()));
    }
  }
}
