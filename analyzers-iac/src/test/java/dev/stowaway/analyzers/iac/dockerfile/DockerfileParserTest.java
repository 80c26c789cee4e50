package dev.stowaway.analyzers.iac.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DockerfileParserTest {

  /** keyword, args, start, end: the shape most assertions compare. */
  private static List<String> shape(Dockerfile df) {
    return df.instructions().stream()
        .map(i -> i.keyword() + "|" + i.args() + "|" + i.startLine() + "-" + i.endLine())
        .toList();
  }

  @Test
  void simpleFileGivesInstructionsWithLines() {
    Dockerfile df = DockerfileParser.parse("""
        # a comment
        FROM debian:12

        RUN apt-get update
        CMD ["bash"]
        """);
    assertThat(shape(df)).containsExactly(
        "FROM|debian:12|2-2",
        "RUN|apt-get update|4-4",
        "CMD|[\"bash\"]|5-5");
    assertThat(df.issues()).isEmpty();
    assertThat(df.stages()).hasSize(1);
    assertThat(df.finalStage().baseImage()).isEqualTo("debian:12");
  }

  @Test
  void directivesAndBacktickEscape() {
    Dockerfile df = DockerfileParser.parse("""
        # syntax=docker/dockerfile:1
        # escape=`

        FROM mcr.microsoft.com/windows/servercore:ltsc2022
        COPY testfile.txt c:\\
        RUN dir c:\\ `
            && echo done
        """);
    assertThat(df.directives()).containsEntry("syntax", "docker/dockerfile:1").containsEntry("escape", "`");
    assertThat(df.escape()).isEqualTo('`');
    assertThat(shape(df)).containsExactly(
        "FROM|mcr.microsoft.com/windows/servercore:ltsc2022|4-4",
        "COPY|testfile.txt c:\\|5-5",
        "RUN|dir c:\\     && echo done|6-7");
  }

  @Test
  void directiveAfterACommentIsJustAComment() {
    Dockerfile df = DockerfileParser.parse("""
        # hello
        # escape=`
        FROM alpine:3.20
        """);
    assertThat(df.directives()).isEmpty();
    assertThat(df.escape()).isEqualTo('\\');
  }

  @Test
  void invalidEscapeDirectiveIsAnIssue() {
    Dockerfile df = DockerfileParser.parse("# escape=x\nFROM alpine:3.20\n");
    assertThat(df.issues()).extracting(ParseIssue::line).containsExactly(1);
  }

  @Test
  void continuationsWithCommentsAndBlankLinesInside() {
    Dockerfile df = DockerfileParser.parse("""
        FROM debian:12
        RUN apt-get update && \\
        # install the tools
            apt-get install -y curl \\

              wget
        USER app
        """);
    assertThat(shape(df)).containsExactly(
        "FROM|debian:12|1-1",
        "RUN|apt-get update &&     apt-get install -y curl       wget|2-6",
        "USER|app|7-7");
  }

  @Test
  void continuationAtEndOfFileIsAnIssue() {
    Dockerfile df = DockerfileParser.parse("FROM debian:12\nRUN echo \\\n");
    assertThat(df.issues()).extracting(ParseIssue::line, ParseIssue::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "line continuation runs to the end of the file"));
    assertThat(shape(df)).containsExactly("FROM|debian:12|1-1", "RUN|echo|2-2");
  }

  @Test
  void heredocsIncludingDashQuotedAndSeveralPerLine() {
    Dockerfile df = DockerfileParser.parse("""
        FROM debian:12
        RUN <<EOF
        apt-get update
        apt-get install -y curl
        EOF
        RUN <<-"SCRIPT" bash
        \techo $HOME
        \tSCRIPT
        COPY <<one.txt <<'two.txt' /dest/
        first
        one.txt
        second
        two.txt
        CMD ["true"]
        """);
    assertThat(shape(df)).containsExactly(
        "FROM|debian:12|1-1",
        "RUN|<<EOF|2-5",
        "RUN|<<-\"SCRIPT\" bash|6-8",
        "COPY|<<one.txt <<'two.txt' /dest/|9-13",
        "CMD|[\"true\"]|14-14");
    List<Instruction> ins = df.instructions();
    assertThat(ins.get(1).heredocs()).containsExactly(
        new Heredoc("EOF", "apt-get update\napt-get install -y curl\n", false, false, 3));
    assertThat(ins.get(2).heredocs()).containsExactly(new Heredoc("SCRIPT", "echo $HOME\n", true, true, 7));
    assertThat(ins.get(3).heredocs()).containsExactly(
        new Heredoc("one.txt", "first\n", false, false, 10),
        new Heredoc("two.txt", "second\n", false, true, 12));
    assertThat(ins.get(1).script()).isEqualTo("<<EOF\napt-get update\napt-get install -y curl\n");
    assertThat(df.issues()).isEmpty();
  }

  @Test
  void hereStringIsNotAHeredoc() {
    Dockerfile df = DockerfileParser.parse("FROM debian:12\nRUN cat <<<\"hi\"\nUSER app\n");
    assertThat(shape(df)).containsExactly("FROM|debian:12|1-1", "RUN|cat <<<\"hi\"|2-2", "USER|app|3-3");
  }

  @Test
  @Timeout(5)
  void unterminatedHeredocIsAnIssueWithItsLine() {
    Dockerfile df = DockerfileParser.parse("FROM debian:12\nUSER app\nRUN <<EOF\necho hi\n");
    assertThat(df.issues()).extracting(ParseIssue::line).containsExactly(3);
    assertThat(df.issues().get(0).message()).contains("unterminated here-document <<EOF");
    assertThat(df.instructions().get(2).heredocs().get(0).body()).isEqualTo("echo hi\n\n");
  }

  @Test
  void execAndShellForms() {
    Dockerfile df = DockerfileParser.parse("""
        FROM debian:12
        ENTRYPOINT ["/bin/app", "--flag=\\"x\\""]
        CMD run --fast
        RUN [ "broken json"
        SHELL ["/bin/bash", "-o", "pipefail", "-c"]
        """);
    List<Instruction> ins = df.instructions();
    assertThat(ins.get(1).jsonForm()).isTrue();
    assertThat(ins.get(1).words()).containsExactly("/bin/app", "--flag=\"x\"");
    assertThat(ins.get(2).jsonForm()).isFalse();
    assertThat(ins.get(2).words()).containsExactly("run", "--fast");
    assertThat(ins.get(3).jsonForm()).isFalse();
    assertThat(ins.get(4).jsonForm()).isTrue();
    assertThat(ins.get(4).words()).containsExactly("/bin/bash", "-o", "pipefail", "-c");
  }

  @Test
  void multiStageNamesFlagsAndCopyFrom() {
    Dockerfile df = DockerfileParser.parse("""
        ARG GO=1.23
        FROM --platform=$BUILDPLATFORM golang:${GO} AS Build
        RUN --mount=type=cache,target=/root/.cache go build -o /out/app
        FROM gcr.io/distroless/static:nonroot
        COPY --from=build --chown=65532:65532 /out/app /app
        """);
    assertThat(df.globalInstructions()).extracting(Instruction::keyword).containsExactly("ARG");
    assertThat(df.stages()).hasSize(2);
    Stage build = df.stages().get(0);
    assertThat(build.name()).isEqualTo("build");
    assertThat(build.baseImage()).isEqualTo("golang:1.23");
    assertThat(build.from().flags()).containsExactly("--platform=$BUILDPLATFORM");
    assertThat(build.instructions().get(0).flags()).containsExactly("--mount=type=cache,target=/root/.cache");
    assertThat(build.instructions().get(0).args()).isEqualTo("go build -o /out/app");
    Instruction copy = df.stages().get(1).instructions().get(0);
    assertThat(copy.flag("from")).isEqualTo("build");
    assertThat(copy.flag("chown")).isEqualTo("65532:65532");
    assertThat(copy.flag("link")).isNull();
    assertThat(copy.args()).isEqualTo("/out/app /app");
  }

  @Test
  void argAndEnvSubstitution() {
    Dockerfile df = DockerfileParser.parse("""
        ARG BASE=debian
        ARG TAG
        FROM ${BASE}:${TAG:-12}
        ARG BASE
        ENV APP_HOME=/opt/app DEBUG=
        ENV LEGACY some value
        WORKDIR $APP_HOME/bin
        LABEL a="${DEBUG:+on}" b="${APP_HOME:+set}" c='$APP_HOME' d=\\$APP_HOME e=${MISSING-dflt}
        USER ${BASE}
        RUN echo $APP_HOME
        """);
    Stage s = df.finalStage();
    assertThat(s.baseImage()).isEqualTo("debian:12");
    List<Instruction> ins = s.instructions();
    assertThat(ins.get(3).expandedArgs()).isEqualTo("/opt/app/bin");
    assertThat(ins.get(4).expandedArgs()).isEqualTo("a=\"\" b=\"set\" c='$APP_HOME' d=$APP_HOME e=dflt");
    assertThat(ins.get(5).expandedArgs()).isEqualTo("debian");
    // the shell expands RUN, not the builder
    assertThat(ins.get(6).expandedArgs()).isEqualTo("echo $APP_HOME");
    assertThat(DockerfileParser.keyValues("LEGACY some value", true)).isEqualTo(Map.of("LEGACY", "some value"));
  }

  @Test
  void onbuildCarriesATrigger() {
    Dockerfile df = DockerfileParser.parse("FROM node:20\nONBUILD RUN npm install\nONBUILD COPY . /app\n");
    Instruction t = df.instructions().get(1).onbuildTrigger();
    assertThat(t.keyword()).isEqualTo("RUN");
    assertThat(t.args()).isEqualTo("npm install");
    assertThat(t.startLine()).isEqualTo(2);
    assertThat(df.instructions().get(2).onbuildTrigger().keyword()).isEqualTo("COPY");
  }

  @Test
  void keywordsAreCaseInsensitive() {
    Dockerfile df = DockerfileParser.parse("from alpine:3.20 as base\nrun echo hi\n");
    assertThat(shape(df)).containsExactly("FROM|alpine:3.20 as base|1-1", "RUN|echo hi|2-2");
    assertThat(df.finalStage().name()).isEqualTo("base");
  }

  @Test
  void malformedInputGivesIssuesNotExceptions() {
    Dockerfile df = DockerfileParser.parse("RUN echo before\nFROZ x\nFROM\n");
    assertThat(df.issues()).extracting(ParseIssue::line).containsExactly(2, 1, 2, 3);
    assertThat(df.issues()).extracting(ParseIssue::message).containsExactly("unknown instruction FROZ",
        "RUN before the first FROM", "FROZ before the first FROM", "FROM without an image");
  }

  @Test
  void noFromIsAnIssue() {
    Dockerfile df = DockerfileParser.parse("RUN echo hi\n");
    assertThat(df.stages()).isEmpty();
    assertThat(df.issues()).extracting(ParseIssue::message).contains("no FROM instruction");
  }

  @Test
  @Timeout(10)
  void variableBombIsBounded() {
    StringBuilder sb = new StringBuilder("FROM alpine:3.20\nENV A=xxxxxxxxxxxxxxxx\n");
    for (int k = 0; k < 40; k++) {
      sb.append("ENV A=$A$A\n");
    }
    Dockerfile df = DockerfileParser.parse(sb.toString());
    assertThat(df.issues()).isNotEmpty();
    assertThat(df.issues().get(0).message()).contains("cut");
  }

  @Test
  @Timeout(60)
  void hostileLargeInputsParseInBoundedTime() {
    // ~2 MB: one instruction continued over 100k lines, then 10k RUNs with pipes and unclosed ${
    StringBuilder sb = new StringBuilder("FROM debian:12.8\nRUN echo a \\\n");
    for (int k = 0; k < 100_000; k++) {
      sb.append("  && x \\\n");
    }
    sb.append("  && done\n");
    for (int k = 0; k < 10_000; k++) {
      sb.append("RUN curl -k https://x | sh && apt-get install y ${A:-${B:+${C\n");
    }
    Dockerfile df = DockerfileParser.parse(sb.toString());
    assertThat(df.instructions()).hasSize(10_002);
    assertThat(df.instructions().get(1).endLine()).isEqualTo(100_003);
    assertThat(DockerfileRules.evaluate(df)).isNotEmpty();
  }

  @Test
  void tooLargeInputIsAnIssue() throws Exception {
    byte[] big = new byte[DockerfileParser.MAX_BYTES + 10];
    java.util.Arrays.fill(big, (byte) '#');
    Dockerfile df = DockerfileParser.parse(new ByteArrayInputStream(big));
    assertThat(df.issues()).extracting(ParseIssue::line).containsExactly(1);
    assertThat(df.instructions()).isEmpty();
  }

  @Test
  void streamParseMatchesStringParse() throws Exception {
    String text = "FROM debian:12\r\nRUN echo a \\\r\n  b\r\n";
    Dockerfile a = DockerfileParser.parse(text);
    Dockerfile b = DockerfileParser.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    assertThat(shape(a)).isEqualTo(shape(b)).containsExactly("FROM|debian:12|1-1", "RUN|echo a   b|2-3");
    assertThat(Duration.ZERO).isZero();
  }

  @Test
  void shellCommandsSplitOnOperatorsAndPipes() {
    List<ShellCommand> c = ShellCommand.parse(
        "set -e; curl -fsSL https://x/y.sh | sudo -E bash - && DEBIAN_FRONTEND=noninteractive apt-get -yq install 'a b'"
            + " >/dev/null 2>&1 || true");
    assertThat(c).extracting(ShellCommand::program).containsExactly("set", "curl", "bash", "apt-get", "true");
    assertThat(c.get(2).pipedInto()).isTrue();
    assertThat(c.get(2).previous().program()).isEqualTo("curl");
    assertThat(c.get(3).subcommand()).isEqualTo("install");
    assertThat(c.get(3).hasOption("-y")).isTrue();
    assertThat(c.get(3).words()).contains("a b");
  }
}
