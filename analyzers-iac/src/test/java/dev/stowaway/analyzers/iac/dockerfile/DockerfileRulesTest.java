package dev.stowaway.analyzers.iac.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DockerfileRulesTest {

  private static final String F = "FROM debian:12.8\n";

  /** rule id, a Dockerfile breaking it, the line reported, a near-miss Dockerfile that must not break it. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("DS001", "FROM debian:latest\n", 1, F),
        Arguments.of("DS002", "FROM debian\n", 1, "FROM debian@sha256:" + "a".repeat(64) + "\n"),
        Arguments.of("DS003", F + "USER app\nUSER root\n", 3, F + "USER root\nRUN x\nUSER 1000:1000\n"),
        Arguments.of("DS004", F + "RUN true\n", 1, "FROM alpine:3.20 AS b\nUSER root\n" + F + "USER app\n"),
        Arguments.of("DS005", F + "ADD app.jar /app/\n", 2, F + "ADD rootfs.tar.gz /\nCOPY app.jar /app/\n"),
        Arguments.of("DS006", F + "ADD https://example.com/x.tgz /tmp/\n", 2,
            F + "ADD --checksum=sha256:" + "b".repeat(64) + " https://example.com/x.tgz /tmp/\n"),
        Arguments.of("DS007", F + "RUN sudo apt-get update\n", 2, F + "RUN apt-get update && echo sudoers\n"),
        Arguments.of("DS008", F + "RUN curl -fsSL https://get.example.com | sh\n", 2,
            F + "RUN curl -fsSL -o install.sh https://get.example.com && sha256sum -c sums && sh install.sh\n"),
        Arguments.of("DS009", F + "RUN apt-get install curl\n", 2, F + "RUN apt-get -qy install curl\n"),
        Arguments.of("DS010", F + "RUN apt-get install -y curl\n", 2,
            F + "RUN apt-get install -y --no-install-recommends curl\n"),
        Arguments.of("DS011", F + "RUN apt-get update\n", 2, F + "RUN apt-get update && apt-get install -y x\n"),
        Arguments.of("DS012", F + "RUN apt-get update && apt-get install -y curl\n", 2,
            F + "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"),
        Arguments.of("DS013", "FROM alpine:3.20\nRUN apk add curl=8.5.0-r0\n", 2,
            "FROM alpine:3.20\nRUN apk add --no-cache curl=8.5.0-r0\n"),
        Arguments.of("DS014", F + "RUN pip install requests==2.32.3\n", 2,
            F + "RUN pip install --no-cache-dir requests==2.32.3\n"),
        Arguments.of("DS015", F + "RUN apt-get install -y curl=7.88 wget\n", 2,
            F + "RUN apt-get install -y -o Dpkg::Options::=--force-confold curl=7.88 ./local.deb\n"),
        Arguments.of("DS016", "FROM alpine:3.20\nRUN apk add --no-cache curl\n", 2,
            "FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps curl=8.5.0-r0\n"),
        Arguments.of("DS017", F + "RUN pip3 install --no-cache-dir flask\n", 2,
            F + "RUN pip3 install --no-cache-dir -r requirements.txt flask==3.0.0 .\n"),
        Arguments.of("DS018", F + "RUN npm install -g express\n", 2,
            F + "RUN npm install -g express@4.21.2 @scope/pkg@1.0.0 && npm install\n"),
        Arguments.of("DS019", F + "RUN gem install rails\n", 2, F + "RUN gem install rails:7.1.3 && gem install rake -v 13\n"),
        Arguments.of("DS020", F + "EXPOSE 80 22/tcp\n", 2, F + "EXPOSE 80 2222\n"),
        Arguments.of("DS021", F + "ENV DB_PASSWORD=hunter2\n", 2, F + "ENV PASSWORD_FILE=/run/secrets/db GPG_KEY=ABC\n"),
        Arguments.of("DS022", F + "USER app\n", 1, F + "HEALTHCHECK CMD curl -f http://localhost/ || exit 1\n"),
        Arguments.of("DS023", F + "WORKDIR app\n", 2, F + "WORKDIR /app\nWORKDIR $HOME\n"),
        Arguments.of("DS024", F + "RUN cd /tmp && make\n", 2, F + "WORKDIR /tmp\nRUN make\n"),
        Arguments.of("DS025", F + "RUN chmod 777 /data\n", 2, F + "RUN chmod 755 /data\n"),
        Arguments.of("DS026", F + "RUN wget --no-check-certificate https://x/y\n", 2,
            F + "RUN wget https://x/y && curl -fsSL https://x/z\n"),
        Arguments.of("DS027", F + "RUN echo 'deb [trusted=yes] http://x/ ./' > /etc/apt/sources.list\n", 2,
            F + "RUN echo 'gpgcheck=1' >> /etc/yum.conf\n"),
        Arguments.of("DS028", F + "CMD [\"a\"]\nCMD [\"b\"]\n", 3, "FROM alpine:3.20 AS b\nCMD [\"a\"]\n" + F + "CMD [\"b\"]\n"),
        Arguments.of("DS029", F + "ENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]\n", 3, F + "ENTRYPOINT [\"a\"]\nCMD [\"b\"]\n"),
        Arguments.of("DS030", F + "HEALTHCHECK CMD true\nHEALTHCHECK NONE\n", 3, F + "HEALTHCHECK CMD true\n"),
        Arguments.of("DS031", F + "MAINTAINER me@example.com\n", 2, F + "LABEL org.opencontainers.image.authors=me\n"),
        Arguments.of("DS032", F + "COPY --from=builder /a /a\n", 2,
            "FROM golang:1.23 AS builder\n" + F + "COPY --from=builder /a /a\nCOPY --from=nginx:1.27 /b /b\n"),
        Arguments.of("DS033", "FROM golang:1.23 AS b\nFROM debian:12.8 AS B\n", 2,
            "FROM golang:1.23 AS a\nFROM debian:12.8 AS b\n"),
        Arguments.of("DS034", "FROM debian:12.8 AS app\nCOPY --from=app /a /b\n", 2,
            "FROM golang:1.23 AS b\nFROM debian:12.8 AS app\nCOPY --from=b /a /b\n"),
        Arguments.of("DS035", F + "RUN apt-get update && apt-get dist-upgrade -y\n", 2,
            F + "RUN apt-get update && apt-get install -y --only-upgrade openssl\n"),
        Arguments.of("DS036", "FROM rockylinux:9\nRUN yum install httpd && yum clean all\n", 2,
            "FROM rockylinux:9\nRUN yum install -y httpd && yum clean all\n"),
        Arguments.of("DS037", "FROM rockylinux:9\nRUN dnf install -y httpd\n", 2,
            "FROM rockylinux:9\nRUN dnf install -y httpd && dnf clean all\n"),
        Arguments.of("DS038", "FROM opensuse/leap:15.6\nRUN zypper install curl && zypper clean\n", 2,
            "FROM opensuse/leap:15.6\nRUN zypper -n install curl && zypper clean\n"),
        Arguments.of("DS039", "FROM opensuse/leap:15.6\nRUN zypper -n in curl\n", 2,
            "FROM opensuse/leap:15.6\nRUN zypper -n in curl && zypper cc\n"),
        Arguments.of("DS040", F + "RUN useradd -u 123456789 app\n", 2, F + "RUN useradd -l -u 123456789 app && useradd -u 1000 b\n"),
        Arguments.of("DS041", F + "ENTRYPOINT /bin/app --serve\n", 2, F + "ENTRYPOINT [\"/bin/app\", \"--serve\"]\n"),
        Arguments.of("DS042", F + "RUN a\nRUN b\n", 3, F + "RUN a\nUSER app\nRUN b\n"),
        Arguments.of("DS043", F + "RUN curl -fo a https://x\nRUN wget https://y\n", 3, F + "RUN curl -fo a https://x\n"),
        Arguments.of("DS044", F + "RUN ln -sfv /bin/bash /bin/sh\n", 2, F + "SHELL [\"/bin/bash\", \"-c\"]\n"),
        Arguments.of("DS045", F + "RUN wget -O - https://x | tar xz\n", 2,
            F + "RUN set -o pipefail && wget -O - https://x | tar xz\n"),
        Arguments.of("DS046", F + "EXPOSE 80 70000\n", 2, F + "EXPOSE 80 8000-8100/udp\n"),
        Arguments.of("DS047", F + "COPY a.txt b.txt /dest\n", 2, F + "COPY a.txt b.txt /dest/\nCOPY c /d\n"),
        Arguments.of("DS048", F + "RUN apt install -y curl\n", 2, F + "RUN apt-get install -y curl\n"),
        Arguments.of("DS049", F + "ONBUILD FROM alpine\n", 2, F + "ONBUILD RUN echo hi\n"),
        Arguments.of("DS050", F + "COPY id_rsa /root/.ssh/\n", 2, F + "COPY id_rsa.pub /root/.ssh/\n"));
  }

  private static List<DockerfileRules.Hit> hits(String dockerfile, String id) {
    return DockerfileRules.evaluate(DockerfileParser.parse(dockerfile), List.of(DockerfileRules.byId(id)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleFiresOnPositiveAndNotOnNegative(String id, String positive, int line, String negative) {
    assertThat(DockerfileRules.byId(id)).as("rule exists").isNotNull();
    assertThat(hits(positive, id)).extracting(DockerfileRules.Hit::line).containsExactly(line);
    assertThat(hits(negative, id)).isEmpty();
  }

  @Test
  void everyRuleHasACaseAndIdsAreUniqueAndComplete() {
    Set<String> covered = cases().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
    Set<String> ids = DockerfileRules.ALL.stream().map(DockerfileRule::id).collect(Collectors.toSet());
    assertThat(ids).hasSize(DockerfileRules.ALL.size()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(covered).isEqualTo(ids);
    assertThat(DockerfileRules.ALL).allSatisfy(r -> {
      assertThat(r.title()).isNotBlank();
      assertThat(r.remediation()).endsWith(".");
      if (r.benchmark() != null) {
        assertThat(r.benchmark()).matches("CIS-DI-00\\d\\d");
      }
    });
  }

  @Test
  void realisticDockerfileGivesExpectedFindings() {
    String df = """
        # syntax=docker/dockerfile:1
        FROM golang:1.23 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app ./cmd/app

        FROM debian:latest
        MAINTAINER ops@example.com
        ENV API_TOKEN=abc123
        RUN apt-get update && \\
            apt-get install -y curl openssh-server
        RUN curl -sSL https://example.com/install.sh | bash
        COPY --from=build /out/app /usr/local/bin/app
        EXPOSE 22 8080
        CMD /usr/local/bin/app
        """;
    List<String> got = DockerfileRules.evaluate(DockerfileParser.parse(df)).stream()
        .map(h -> h.rule().id() + "@" + h.line()).toList();
    assertThat(got).containsExactly(
        "DS001@7", "DS004@7", "DS022@7",
        "DS031@8",
        "DS021@9",
        "DS010@10", "DS012@10", "DS015@10",
        "DS008@12", "DS042@12", "DS045@12",
        "DS020@14",
        "DS041@15");
  }
}
