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

  /**
   * Scores published by FIRST: the CVSS v4.0 "Examples" document (the CVE named on each line) and the
   * specification's calculator for the extreme vectors; threat and environmental variants as the examples
   * give them.
   */
  @ParameterizedTest
  @CsvSource({
      "CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 7.3, HIGH",     // CVE-2022-41741
      "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 7.7, HIGH",     // CVE-2020-3549
      "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U, 5.2, MEDIUM", // CVE-2020-3549 threat
      "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N, 8.3, HIGH",     // CVE-2023-3089
      "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N/CR:H/IR:L/AR:L/MAV:N/MAC:H/MVC:H/MVI:L/MVA:L,"
          + " 8.1, HIGH",                                                                  // CVE-2023-3089 environmental
      "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N, 4.6, MEDIUM",   // CVE-2021-44714
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N, 5.1, MEDIUM",   // CVE-2022-21830
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N, 6.9, MEDIUM",   // CVE-2022-22186
      "CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:N/VI:N/VA:N/SC:H/SI:N/SA:N, 5.9, MEDIUM",   // CVE-2023-21989
      "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H, 9.4, CRITICAL", // CVE-2020-3947
      "CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:H/SA:N/S:P/V:D, 8.3, HIGH", // CVE-2023-30560
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 9.3, CRITICAL", // CVE-2022-26134
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H, 10.0, CRITICAL", // CVE-2024-23897 (all high)
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:H/SI:H/SA:H, 7.9, HIGH",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U, 9.1, CRITICAL",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/MVI:L/MSA:S, 9.8, CRITICAL",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N, 5.3, MEDIUM",   // CVE-2024-7657 (NVD)
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N, 0.0, NONE",
  })
  void v4Scores(String vector, double score, String rating) {
    CvssScore s = CvssCalculator.score(vector);
    assertThat(s.baseScore()).isEqualTo(score);
    assertThat(s.rating()).isEqualTo(rating);
    assertThat(s.version()).isEqualTo("4.0");
  }

  @Test
  void v4MacroVectorBordersAndSupplementalMetricsDoNotChangeTheScore() {
    double plain = CvssCalculator.score("CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").baseScore();
    // supplemental metrics (safety, automatable, urgency) are informative only
    assertThat(CvssCalculator.score("CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:P/AU:Y/U:Red")
        .baseScore()).isEqualTo(plain);
    // E:X is "not defined", the same as leaving E out (worst case: attacked)
    assertThat(CvssCalculator.score("CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:X")
        .baseScore()).isEqualTo(plain);
    // the lowest macro vector (nothing below it) still scores
    assertThat(CvssCalculator.score("CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L/E:U").baseScore())
        .isBetween(0.0, 0.2);
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
    assertThatThrownBy(() -> CvssCalculator.score("CVSS:5.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported CVSS version");
    assertThatThrownBy(() -> CvssCalculator.score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lacks base metric SA");
    assertThatThrownBy(() -> CvssCalculator.score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid SI:S");
    assertThatThrownBy(() -> CvssCalculator.score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/ZZ:1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown metric ZZ");
    assertThatThrownBy(() -> CvssCalculator.score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/E:U"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeats metric E");
    assertThatThrownBy(() -> CvssCalculator.score("garbage"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed");
  }
}
