package dev.stowaway.analyzers.iac.dockerfile;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** Fuzzes the Dockerfile parser (continuations, heredocs, JSON form, variables) and every rule over its result. */
class DockerfileFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    DockerfileRules.evaluate(DockerfileParser.parse(new ByteArrayInputStream(data)));
  }
}
