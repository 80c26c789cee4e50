package dev.stowaway.analyzers.secrets;

import dev.stowaway.api.analysis.ConfigContext;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Location;
import java.util.ArrayList;
import java.util.List;

/** Records what a ConfigAnalyzer reports; config at path "config", history entry i at "history[i]". */
final class RecordingConfigContext implements ConfigContext {
  final List<Finding> findings = new ArrayList<>();
  final List<String> issues = new ArrayList<>();

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
