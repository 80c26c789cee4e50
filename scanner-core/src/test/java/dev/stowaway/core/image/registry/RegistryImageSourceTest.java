package dev.stowaway.core.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.image.Platform;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.api.report.LayerInfo;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.image.Compression;
import dev.stowaway.core.image.ImageSources;
import dev.stowaway.core.image.LayerStreams;
import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.ImageBuilder;
import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.image.build.LayerBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pulls from {@link TestRegistry} on 127.0.0.1; never the internet. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryImageSourceTest {

  @TempDir Path tmp;
  private Path layout;
  private BuiltImage built;
  private TestRegistry registry;

  @BeforeEach
  void start() throws IOException {
    built = image(Platform.LINUX_AMD64);
    layout = tmp.resolve("layout");
    ImageWriters.writeOciLayout(built, layout, "v1");
    registry = new TestRegistry(layout);
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  /** Two gzip layers; the first is large and random so that a cut half-way is mid-stream. */
  static BuiltImage image(Platform p) {
    byte[] noise = new byte[300_000];
    new Random(42).nextBytes(noise);
    return ImageBuilder.create().platform(p).compression(Compression.GZIP)
        .layer(LayerBuilder.create().dir("etc").file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
            .file("opt/noise.bin", noise, 0644).file("etc/arch", p.toString()), "ADD rootfs.tar /")
        .layer(LayerBuilder.create().dir("app").file("app/a.txt", "hello"), "COPY app /app")
        .user("app")
        .build();
  }

  private static RegistryOptions.Builder fast() {
    return RegistryOptions.builder().insecure(true).dockerConfig(null)
        .retries(4, Duration.ofMillis(10), Duration.ofSeconds(2))
        .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  private static Image open(RegistryOptions options, String ref) throws IOException {
    return new RegistryImageSource(options).open(ref, SourceOptions.defaults());
  }

  /** Reads every layer through the verifying layer reader (blob digest and diffID checked). */
  private static void drainVerified(Image image) throws IOException {
    for (Layer l : image.layers()) {
      try (InputStream in = LayerStreams.openVerifiedTar(l, l.toString())) {
        in.transferTo(OutputStreamNull.INSTANCE);
      }
    }
  }

  @Test
  void anonymousPullGivesTheSameImageAndScanAsTheLayoutOnDisk() throws IOException {
    Scanner scanner = Scanner.builder().build();
    ScanResult fromDisk;
    try (Image disk = ImageSources.open("oci:" + layout + ":v1", SourceOptions.defaults())) {
      fromDisk = scanner.scan(disk);
    }
    try (Image remote = open(fast().build(), registry.ref("v1"))) {
      assertThat(remote.name()).isEqualTo(registry.host() + "/corpus/app:v1");
      assertThat(remote.manifestDigest()).isEqualTo(built.manifestDigest());
      assertThat(remote.configDigest()).isEqualTo(built.configDigest());
      assertThat(remote.config().user()).isEqualTo("app");
      assertThat(remote.layers()).extracting(Layer::digest)
          .containsExactlyElementsOf(built.layers().stream().map(Layer::digest).toList());
      assertThat(remote.layers()).extracting(Layer::diffId)
          .containsExactlyElementsOf(built.layers().stream().map(Layer::diffId).toList());
      assertThat(remote.layers()).extracting(Layer::size)
          .containsExactlyElementsOf(built.layers().stream().map(Layer::size).toList());
      ScanResult fromRegistry = scanner.scan(remote);
      assertThat(fromRegistry.artifact().layers()).isEqualTo(fromDisk.artifact().layers());
      assertThat(fromRegistry.artifact().layers()).extracting(LayerInfo::diffId)
          .containsExactlyElementsOf(built.config().diffIds());
      assertThat(fromRegistry.packages()).isEqualTo(fromDisk.packages());
      assertThat(fromRegistry.os()).isEqualTo(fromDisk.os());
      assertThat(fromRegistry.issues()).isEqualTo(fromDisk.issues());
    }
    assertThat(registry.requests).contains("GET /v2/corpus/app/manifests/v1",
        "GET /v2/corpus/app/blobs/" + built.configDigest());
  }

  @Test
  void pullByDigestAndThroughImageSources() throws IOException {
    RegistryImageSource source = new RegistryImageSource(fast().build());
    try (Image img = ImageSources.open(registry.ref(built.manifestDigest().toString()), SourceOptions.defaults(),
        List.of(source))) {
      assertThat(img.manifestDigest()).isEqualTo(built.manifestDigest());
      drainVerified(img);
    }
    try (Image img = ImageSources.open("registry:" + registry.ref("v1"), SourceOptions.defaults(),
        List.of(source))) {
      assertThat(img.configDigest()).isEqualTo(built.configDigest());
    }
    assertThat(registry.requests).contains("GET /v2/corpus/app/manifests/" + built.manifestDigest());
  }

  @Test
  void recognizesReferencesThatAreNotPaths() throws IOException {
    RegistryImageSource s = new RegistryImageSource();
    assertThat(s.recognizes("alpine")).isTrue();
    assertThat(s.recognizes("alpine:3.20")).isTrue();
    assertThat(s.recognizes("localhost:5000/x/y:t")).isTrue();
    assertThat(s.recognizes("ghcr.io/o/r@sha256:" + "a".repeat(64))).isTrue();
    assertThat(s.recognizes("Upper/Case")).isFalse();
    assertThat(s.recognizes("/abs/path/app")).isFalse();
    assertThat(s.recognizes("app.tar")).isFalse();
    assertThat(s.recognizes("")).isFalse();
    assertThat(s.recognizes(layout.toString())).isFalse();
    assertThat(s.scheme()).isEqualTo("registry");
  }

  @Test
  void dockerHubIsServedFromRegistry1() {
    RegistryClient c = new RegistryClient(null, RegistryOptions.defaults(), null, "docker.io", "library/alpine",
        new java.util.concurrent.Semaphore(1));
    assertThat(c.uri("manifests", "3.20").toString())
        .isEqualTo("https://registry-1.docker.io/v2/library/alpine/manifests/3.20");
  }

  @Test
  void bearerTokenFlowFetchesOneTokenPerScope() throws IOException {
    registry.bearer = true;
    try (Image img = open(fast().build(), registry.ref("v1"))) {
      drainVerified(img);
    }
    assertThat(registry.tokenRequests).containsExactly("service=test-registry&scope=repository%3Acorpus%2Fapp%3Apull");
    // The first request is refused, every later one carries the token.
    assertThat(registry.count("GET /token")).isEqualTo(1);
  }

  @Test
  void anExpiredTokenIsReplaced() throws IOException {
    registry.bearer = true;
    try (Image img = open(fast().build(), registry.ref("v1"))) {
      registry.token = "rotated-token";
      drainVerified(img);
    }
    assertThat(registry.count("GET /token")).isEqualTo(2);
  }

  @Test
  void aTokenPastItsExpiresInIsRenewedBeforeTheNextRequest() throws Exception {
    registry.bearer = true;
    registry.expiresIn = 1;
    try (Image img = open(fast().build(), registry.ref("v1"))) {
      registry.token = "second-token"; // the first one stops working
      Thread.sleep(1100);
      drainVerified(img);
      // Renewed before asking: no layer request was refused and sent again.
      for (Layer l : img.layers()) {
        assertThat(registry.count("GET /v2/corpus/app/blobs/" + l.digest())).isEqualTo(1);
      }
    }
    assertThat(registry.count("GET /token")).isGreaterThanOrEqualTo(2);
  }

  /** Bearer auth whose token endpoint wants alice's password and hands out a refresh token too. */
  private Image openWithRefreshToken() throws IOException {
    registry.bearer = true;
    registry.basicUser = "alice";
    registry.basicPassword = "pa55word";
    registry.refreshToken = "r3fresh-s3cret";
    return open(fast().credentials(RegistryCredentials.of("alice", "pa55word")).build(), registry.ref("v1"));
  }

  @Test
  void aRefreshTokenIsUsedInsteadOfTheCredentialsForTheNextToken() throws Exception {
    registry.expiresIn = 1;
    try (Image img = openWithRefreshToken()) {
      registry.token = "second-token";
      Thread.sleep(1100);
      drainVerified(img);
    }
    assertThat(registry.tokenRequests.get(0)).isEqualTo("service=test-registry&scope=repository%3Acorpus%2Fapp%3Apull");
    assertThat(registry.tokenRequests.subList(1, registry.tokenRequests.size())).isNotEmpty().allSatisfy(r ->
        assertThat(r).isEqualTo("POST grant_type=refresh_token&refresh_token=r3fresh-s3cret&client_id=stowaway"
            + "&service=test-registry&scope=repository%3Acorpus%2Fapp%3Apull"));
  }

  @Test
  void aRefusedRefreshTokenFallsBackToTheCredentialsOnA401MidPull() throws Exception {
    try (Image img = openWithRefreshToken()) {
      registry.token = "second-token"; // revoked: the next blob request gets 401
      registry.refreshToken = "another-refresh"; // and the old refresh token is refused
      drainVerified(img);
    }
    assertThat(registry.tokenRequests).hasSize(3);
    assertThat(registry.tokenRequests.get(1)).startsWith("POST grant_type=refresh_token&refresh_token=r3fresh-s3cret&");
    assertThat(registry.tokenRequests.get(2)).isEqualTo("service=test-registry&scope=repository%3Acorpus%2Fapp%3Apull");
  }

  @Test
  void bearerTokenEndpointGetsExplicitCredentials() throws IOException {
    registry.bearer = true;
    registry.basicUser = "alice";
    registry.basicPassword = "pa55word";
    try (Image img = open(fast().credentials(RegistryCredentials.of("alice", "pa55word")).build(),
        registry.ref("v1"))) {
      assertThat(img.layers()).hasSize(2);
    }
    assertThatThrownBy(() -> open(fast().credentials(RegistryCredentials.of("alice", "wrong-pa55")).build(),
        registry.ref("v1")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("fetch token for " + registry.ref("v1") + ": 401 UNAUTHORIZED bad credentials")
        .hasMessageNotContaining("wrong-pa55");
  }

  @Test
  void basicAuthWithCredentialsAndWithout() throws IOException {
    registry.basicUser = "bob";
    registry.basicPassword = "hunter22";
    try (Image img = open(fast().credentials(RegistryCredentials.of("bob", "hunter22")).build(), registry.ref("v1"))) {
      drainVerified(img);
    }
    assertThatThrownBy(() -> open(fast().build(), registry.ref("v1")))
        .isInstanceOf(IOException.class)
        .hasMessage("pull manifest " + registry.ref("v1") + ": 401 (basic authentication required: give credentials"
            + " or docker login)");
    assertThatThrownBy(() -> open(fast().credentials(RegistryCredentials.of("bob", "nope-secret")).build(),
        registry.ref("v1")))
        .hasMessage("pull manifest " + registry.ref("v1") + ": 401 UNAUTHORIZED authentication required"
            + " (credentials were refused)");
  }

  @Test
  void credentialsNeverShowInToString() {
    RegistryCredentials c = RegistryCredentials.of("bob", "hunter22");
    RegistryOptions o = RegistryOptions.builder().credentials(c).build();
    assertThat(c.toString()).isEqualTo("RegistryCredentials[username=bob, password=***]");
    assertThat(o.toString()).doesNotContain("hunter22");
    assertThat(new RegistryImageSource(o).toString()).doesNotContain("hunter22");
  }

  @Test
  void dockerConfigAuthsAreUsed() throws IOException {
    registry.basicUser = "carol";
    registry.basicPassword = "c0nfig-pass";
    Path config = tmp.resolve("config.json");
    String auth = Base64.getEncoder().encodeToString("carol:c0nfig-pass".getBytes(StandardCharsets.UTF_8));
    Files.writeString(config, "{\"auths\":{\"http://" + registry.host() + "/v1/\":{\"auth\":\"" + auth + "\"}}}");
    try (Image img = open(fast().dockerConfig(config).build(), registry.ref("v1"))) {
      assertThat(img.layers()).hasSize(2);
    }
  }

  @Test
  void credentialHelperIsRunWithTheRegistryOnStdin() throws IOException {
    registry.basicUser = "dave";
    registry.basicPassword = "helper-pass";
    Path helper = tmp.resolve("docker-credential-test");
    Path seen = tmp.resolve("stdin.txt");
    Files.writeString(helper, "#!/bin/sh\n[ \"$1\" = get ] || exit 3\ncat > '" + seen + "'\n"
        + "echo '{\"ServerURL\":\"x\",\"Username\":\"dave\",\"Secret\":\"helper-pass\"}'\n");
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
    Path config = tmp.resolve("config.json");
    Files.writeString(config, "{\"credHelpers\":{\"" + registry.host() + "\":\"test\"}}");
    List<String> looked = new ArrayList<>();
    RegistryOptions o = fast().dockerConfig(config).credentialHelperLookup(name -> {
      looked.add(name);
      return name.equals("docker-credential-test") ? Optional.of(helper) : Optional.empty();
    }).build();
    try (Image img = open(o, registry.ref("v1"))) {
      assertThat(img.layers()).hasSize(2);
    }
    assertThat(looked).containsExactly("docker-credential-test");
    assertThat(Files.readString(seen)).isEqualTo(registry.host());
  }

  @Test
  void aHangingCredentialHelperIsStopped() throws IOException {
    registry.basicUser = "erin";
    registry.basicPassword = "x";
    Path helper = tmp.resolve("docker-credential-slow");
    Files.writeString(helper, "#!/bin/sh\nexec sleep 30\n");
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
    Path config = tmp.resolve("config.json");
    Files.writeString(config, "{\"credsStore\":\"slow\"}");
    RegistryOptions o = fast().dockerConfig(config).credentialHelperTimeout(Duration.ofMillis(500))
        .credentialHelperLookup(name -> Optional.of(helper)).build();
    long start = System.nanoTime();
    assertThatThrownBy(() -> open(o, registry.ref("v1")))
        .isInstanceOf(IOException.class)
        .hasMessage("docker-credential-slow get: no answer within 0 s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aCredentialHelperThatIsNotInstalledMeansAnonymous() throws IOException {
    registry.bearer = true;
    Path config = tmp.resolve("config.json");
    Files.writeString(config, "{\"credsStore\":\"desktop\"}");
    List<String> looked = new ArrayList<>();
    RegistryOptions o = fast().dockerConfig(config).credentialHelperLookup(name -> {
      looked.add(name);
      return Optional.empty();
    }).build();
    try (Image img = open(o, registry.ref("v1"))) {
      assertThat(img.layers()).hasSize(2);
    }
    assertThat(looked).containsExactly("docker-credential-desktop");
  }

  @Test
  void tooManyRequestsIsRetriedAfterRetryAfter() throws IOException {
    registry.tooManyRequests.set(1);
    long start = System.nanoTime();
    try (Image img = open(fast().build(), registry.ref("v1"))) {
      assertThat(img.manifestDigest()).isEqualTo(built.manifestDigest());
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(registry.count("GET /v2/corpus/app/manifests/v1")).isEqualTo(2);
  }

  @Test
  void unavailableIsRetriedWithBackoffAndGivesUpEventually() throws IOException {
    registry.unavailable.set(2);
    try (Image img = open(fast().build(), registry.ref("v1"))) {
      drainVerified(img);
    }
    assertThat(registry.count("GET /v2/corpus/app/manifests/v1")).isEqualTo(3);
    registry.unavailable.set(100);
    assertThatThrownBy(() -> open(fast().build(), registry.ref("v1")))
        .isInstanceOf(IOException.class)
        .hasMessage("pull manifest " + registry.ref("v1") + ": 503 UNAVAILABLE try later");
  }

  @Test
  void aBlobCutHalfWayIsResumedWithARangeRequest() throws IOException {
    try (Image img = open(fast().build(), registry.ref("v1"))) {
      registry.cutBlobs.set(1);
      Layer big = img.layers().get(0);
      drainVerified(img);
      List<String> ranged = registry.requests.stream().filter(r -> r.contains(" bytes=")).toList();
      assertThat(ranged).hasSize(1);
      assertThat(ranged.get(0)).startsWith("GET /v2/corpus/app/blobs/" + big.digest() + " bytes=");
      long from = Long.parseLong(ranged.get(0).replaceAll(".*bytes=(\\d+)-$", "$1"));
      assertThat(from).isPositive().isLessThan(big.size());
    }
  }

  @Test
  void aServerThatIgnoresRangeIsReadFromTheStartAgain() throws IOException {
    registry.ignoreRange = true;
    try (Image img = open(fast().build(), registry.ref("v1"))) {
      registry.cutBlobs.set(1);
      drainVerified(img);
    }
    assertThat(registry.requests.stream().filter(r -> r.contains(" bytes="))).hasSize(1);
  }

  @Test
  void blobRedirectsAreFollowedWithoutTheAuthorizationHeader() throws IOException {
    registry.bearer = true;
    registry.redirectBlobs = true;
    try (Image img = open(fast().build(), registry.ref("v1"))) {
      drainVerified(img);
    }
    // The config and both layers came from storage, which never saw the registry token.
    assertThat(registry.storageAuthorizations).hasSize(3).containsOnly("null");
  }

  @Test
  void platformIsChosenFromAMultiPlatformIndex() throws IOException {
    BuiltImage amd = image(Platform.LINUX_AMD64);
    BuiltImage arm = image(new Platform("linux", "arm64", "v8"));
    Path multi = tmp.resolve("multi");
    ImageWriters.writeMultiPlatformOciLayout(List.of(amd, arm), multi, "multi", true);
    try (TestRegistry r = new TestRegistry(multi)) {
      RegistryImageSource s = new RegistryImageSource(fast().build());
      try (Image img = s.open(r.ref("multi"), SourceOptions.defaults().withPlatform(Platform.parse("linux/arm64")))) {
        assertThat(img.manifestDigest()).isEqualTo(arm.manifestDigest());
        assertThat(img.config().architecture()).isEqualTo("arm64");
        drainVerified(img);
      }
      try (Image img = s.open(r.ref("multi"), SourceOptions.defaults())) {
        assertThat(img.manifestDigest()).isEqualTo(amd.manifestDigest());
      }
      assertThatThrownBy(() -> s.open(r.ref("multi"), SourceOptions.defaults().withPlatform(Platform.parse(
          "linux/s390x"))))
          .isInstanceOf(ImageFormatException.class)
          .hasMessageEndingWith(": no image for platform linux/s390x (available: linux/amd64, linux/arm64/v8)");
    }
  }

  @Test
  void aLyingDigestFails() {
    registry.lyingDigest = true;
    assertThatThrownBy(() -> open(fast().build(), registry.ref("v1")))
        .isInstanceOf(ImageFormatException.class)
        .hasMessage("pull manifest " + registry.ref("v1") + ": digest mismatch: registry says "
            + Digest.sha256Of("a lie") + ", content is " + built.manifestDigest());
    assertThatThrownBy(() -> open(fast().build(), registry.ref(built.manifestDigest().toString())))
        .isInstanceOf(ImageFormatException.class)
        .hasMessageContaining("registry says its digest is " + Digest.sha256Of("a lie"));
  }

  @Test
  void aMissingManifestNamesActionAndCoordinates() {
    assertThatThrownBy(() -> open(fast().build(), registry.ref("nope")))
        .isInstanceOf(ImageFormatException.class)
        .hasMessage("pull manifest " + registry.ref("nope") + ": 404 MANIFEST_UNKNOWN manifest unknown");
    assertThatThrownBy(() -> open(fast().build(), registry.host() + "/other/repo:v1"))
        .isInstanceOf(ImageFormatException.class)
        .hasMessage("pull manifest " + registry.host() + "/other/repo:v1: 404 NAME_UNKNOWN repository name not known"
            + " to registry");
  }

  @Test
  void plainHttpIsNotUsedUnlessAsked() {
    RegistryOptions secure = RegistryOptions.builder().dockerConfig(null)
        .retries(1, Duration.ZERO, Duration.ZERO).timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> open(secure, registry.ref("v1")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("pull manifest " + registry.ref("v1") + ": ");
    assertThat(registry.count("GET /v2/")).isZero();
  }

  @Test
  void aCorruptLayerBlobFailsNamingTheDigest() throws IOException {
    try (Image img = open(fast().build(), registry.ref("v1"))) {
      registry.corruptBlobs = true;
      Layer big = img.layers().get(0);
      assertThatThrownBy(() -> drainVerified(img))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(big.digest().toString());
    }
  }

  @Test
  void aManifestThatIsNotJsonIsAClearError() {
    registry.garbageManifests = true;
    assertThatThrownBy(() -> open(fast().build(), registry.ref("v1")))
        .isInstanceOf(ImageFormatException.class)
        .hasMessageStartingWith("pull manifest " + registry.ref("v1") + ": not JSON: ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aBareReferenceIsDetectedByImageSources() throws IOException {
    RegistryImageSource source = new RegistryImageSource(fast().build());
    try (Image img = ImageSources.open(registry.ref("v1"), SourceOptions.defaults(), List.of(source))) {
      assertThat(img.name()).isEqualTo(registry.ref("v1"));
      assertThat(img.manifestDigest()).isEqualTo(built.manifestDigest());
    }
  }

  @Test
  void concurrentRequestsPerRegistryAreBounded() throws Exception {
    RegistryImageSource source = new RegistryImageSource(fast().maxConcurrentRequests(1).build());
    try (Image img = source.open(registry.ref("v1"), SourceOptions.defaults())) {
      InputStream first = img.layers().get(0).openBlob();
      java.util.concurrent.CompletableFuture<Long> second = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try (InputStream in = img.layers().get(1).openBlob()) {
          return in.transferTo(OutputStreamNull.INSTANCE);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      Thread.sleep(300);
      assertThat(second).isNotDone();
      first.close();
      assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(img.layers().get(1).size());
    }
  }

  @Test
  void retryAfterIsHonouredButBounded() {
    RegistryClient c = new RegistryClient(null, fast().build(), null, "r.example", "a/b",
        new java.util.concurrent.Semaphore(1));
    assertThat(c.retryAfter("1")).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.retryAfter("3600")).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
    assertThat(c.retryAfter("soon")).isNull();
    assertThat(c.backoff(1)).isEqualTo(Duration.ofMillis(10));
    assertThat(c.backoff(3)).isEqualTo(Duration.ofMillis(40));
    assertThat(c.backoff(30)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void challengeParametersAreParsed() {
    assertThat(RegistryClient.challengeParams(
        "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:a/b:pull\""))
        .containsEntry("realm", "https://auth.docker.io/token")
        .containsEntry("service", "registry.docker.io")
        .containsEntry("scope", "repository:a/b:pull");
    assertThat(RegistryClient.challengeParams("Basic realm=x")).containsEntry("realm", "x");
  }

  /** Discards bytes. */
  private static final class OutputStreamNull extends java.io.OutputStream {
    static final OutputStreamNull INSTANCE = new OutputStreamNull();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
