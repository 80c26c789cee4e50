package dev.stowaway.core.testing;

import dev.stowaway.api.analysis.ConfigContext;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Location;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ConfigContext} that records what a config analyzer reports, for unit tests: the config is at
 * path {@code config}, history entry i at {@code history[i]}, no layers; {@link #imageName} is settable.
 */
public final class RecordingConfigContext implements ConfigContext {
  /** The findings reported, in order. */
  public final List<Finding> findings = new ArrayList<>();
  /** The issues reported, in order. */
  public final List<String> issues = new ArrayList<>();
  /** What {@link #imageName()} returns; null by default. */
  public String imageName;

  @Override
  public String imageName() {
    return imageName;
  }

  @Override
  public Location configLocation() {
    return new Location(null, "config", null);
  }

  @Override
  public Location historyLocation(int historyIndex) {
    return new Location(null, "history[" + historyIndex + "]", null);
  }

  @Override
  public void addFinding(Finding finding) {
    findings.add(finding);
  }

  @Override
  public void addIssue(String message) {
    issues.add(message);
  }
}
