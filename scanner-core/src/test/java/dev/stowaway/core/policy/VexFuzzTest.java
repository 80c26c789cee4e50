package dev.stowaway.core.policy;

import dev.stowaway.core.testing.FuzzTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Fuzzes the VEX reader (OpenVEX and CycloneDX VEX). */
class VexFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) {
    VexDocument.parse(new String(data, StandardCharsets.UTF_8), "fuzz");
  }

  @Override
  protected List<Class<? extends Throwable>> expected() {
    return List.of(PolicyParseException.class);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("schemas/examples", p -> p.startsWith("openvex") || p.startsWith("cyclonedx"));
  }
}
