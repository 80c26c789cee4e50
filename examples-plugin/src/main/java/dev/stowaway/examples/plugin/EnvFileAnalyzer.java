package dev.stowaway.examples.plugin;

import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.InputStream;

/**
 * An example of a custom analyzer plug-in: flags {@code .env} files shipped in an image (they usually
 * hold configuration meant for a developer's machine, often with credentials).
 *
 * <p>This is all a plug-in needs: implement {@link Analyzer}, list the class in
 * {@code META-INF/services/dev.stowaway.api.analysis.Analyzer} of your jar, and put the jar on the class
 * path. It then runs in the same single pass over each layer as the built-in analyzers, and only ever
 * sees the entries its selector asks for. Stateless, so one instance safely serves all layers at once.
 */
public final class EnvFileAnalyzer implements Analyzer {

  @Override
  public String id() {
    return "example-env-file";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public EntrySelector selector() {
    // A declarative selector lets the walker skip every other entry without calling us.
    return EntrySelector.builder().basenames(".env").suffixes(".env.local", ".env.production").build();
  }

  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) {
    // The content is not even needed: the file's presence is the finding. Unread bytes are skipped.
    context.addFinding(new MisconfigurationFinding("EX-ENV-001", Severity.MEDIUM,
        ".env file shipped in the image: " + entry.path(),
        "Keep .env files out of the build context (.dockerignore) and pass configuration at run time.",
        null, context.location(entry.path()), 0));
  }
}
