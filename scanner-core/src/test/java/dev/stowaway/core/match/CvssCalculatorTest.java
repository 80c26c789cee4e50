package dev.stowaway.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.model.Severity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CvssCalculatorTest {

  /** Examples of the CVSS v3.1 "Examples" document (FIRST) and well-known published scores. */
  @ParameterizedTest
  @CsvSource({
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N, 6.1, MEDIUM",   // CVE-2013-1937 phpMyAdmin XSS
      "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N, 6.4, MEDIUM",   // CVE-2013-0375 MySQL
      "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N, 3.1, LOW",      // CVE-2014-3566 POODLE
      "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H, 9.9, CRITICAL", // CVE-2012-1516 VMware
      "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H, 8.8, HIGH",     // CVE-2012-0384 Cisco IOS
      "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H, 7.8, HIGH",     // CVE-2015-1098 Apple iWork
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N, 7.5, HIGH",     // CVE-2014-0160 Heartbleed
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 9.8, CRITICAL", // CVE-2014-6271 Shellshock
      "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N, 6.8, MEDIUM",   // CVE-2008-1447 DNS poisoning
      "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 6.8, MEDIUM",   // CVE-2014-2005 Sophos
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N, 5.8, MEDIUM",   // CVE-2010-0467 Joomla
      "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:N/I:H/A:H, 9.3, CRITICAL", // CVE-2013-6014 Juniper
      "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 8.8, HIGH",     // CVE-2011-1265 Bluetooth
      "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:N, 6.8, MEDIUM",   // CVE-2016-0128 Badlock
      "CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L, 4.2, MEDIUM",   // CVE-2009-0783 Tomcat
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H, 10.0, CRITICAL", // CVE-2021-44228 Log4Shell
      "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H, 7.2, HIGH",     // CVE-2021-23337 lodash (GHSA record)
      "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 9.8, CRITICAL",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N, 0.0, NONE",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C, 9.8, CRITICAL", // temporal ignored
  })
  void v3BaseScores(String vector, double score, String rating) {
    CvssScore s = CvssCalculator.score(vector);
    assertThat(s.baseScore()).isEqualTo(score);
    assertThat(s.rating()).isEqualTo(rating);
    assertThat(s.version()).isEqualTo(vector.substring(5, 8));
    assertThat(s.vector()).isEqualTo(vector);
  }

  /** Examples of the CVSS v2 guide (section 3.3) and NVD v2 scores. */
  @ParameterizedTest
  @CsvSource({
      "AV:N/AC:L/Au:N/C:N/I:N/A:C, 7.8, HIGH",    // CVE-2002-0392 Apache chunked encoding
      "AV:N/AC:L/Au:N/C:C/I:C/A:C, 10.0, HIGH",   // CVE-2003-0818 Microsoft ASN.1
      "AV:L/AC:H/Au:N/C:C/I:C/A:C, 6.2, MEDIUM",  // CVE-2003-0062 NOD32
      "AV:N/AC:L/Au:N/C:P/I:P/A:P, 7.5, HIGH",
      "AV:N/AC:M/Au:N/C:P/I:N/A:N, 4.3, MEDIUM",
      "(AV:N/AC:M/Au:N/C:N/I:P/A:N), 4.3, MEDIUM",
      "AV:N/AC:L/Au:N/C:N/I:N/A:N, 0.0, LOW",
  })
  void v2BaseScores(String vector, double score, String rating) {
    CvssScore s = CvssCalculator.score(vector);
    assertThat(s.baseScore()).isEqualTo(score);
    assertThat(s.rating()).isEqualTo(rating);
    assertThat(s.version()).isEqualTo("2.0");
  }

  @Test
  void ratingsMapToSeverities() {
    assertThat(CvssCalculator.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H").severity())
        .isEqualTo(Severity.CRITICAL);
    assertThat(CvssCalculator.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N").severity())
        .isEqualTo(Severity.LOW);
  }

  @Test
  void malformedVectorsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> CvssCalculator.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lacks base metric A");
    assertThatThrownBy(() -> CvssCalculator.score("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid AV:X");
    assertThatThrownBy(() -> CvssCalculator.score("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeats metric AV");
    assertThatThrownBy(() -> CvssCalculator.score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported CVSS version");
    assertThatThrownBy(() -> CvssCalculator.score("garbage"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed");
  }
}
