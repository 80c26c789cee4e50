package dev.stowaway.analyzers.os.dpkg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.core.testing.ThrottledInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DebianCopyrightTest {

  private static java.util.Set<String> parse(String s) throws IOException {
    return DebianCopyright.licenses(new ThrottledInputStream(
        new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void machineReadable() throws IOException {
    assertThat(parse("""
        Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
        Upstream-Name: x

        Files: *
        Copyright: 2020 someone
        License: GPL-2+ or Artistic

        Files: debian/*
        License: BSD-3-Clause
         Redistribution and use ...

        License: BSD-3-Clause
         full text
        License: GPL-2+
         On Debian systems, see /usr/share/common-licenses/GPL-2.
        """)).containsExactly("GPL-2+ or Artistic", "BSD-3-Clause", "GPL-2");
  }

  @Test
  void freeFormOnlyYieldsCommonLicenceReferences() throws IOException {
    assertThat(parse("This package was debianized by someone.\n\nIt is under the GPL; see "
        + "/usr/share/common-licenses/GPL-3 and /usr/share/common-licenses/LGPL-2.1.\n"))
        .containsExactly("GPL-3", "LGPL-2.1");
    assertThat(parse("")).isEmpty();
  }
}
