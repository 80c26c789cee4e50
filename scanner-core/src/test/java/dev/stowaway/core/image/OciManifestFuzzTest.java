package dev.stowaway.core.image;

import dev.stowaway.api.image.Platform;
import dev.stowaway.core.json.Json;
import dev.stowaway.core.json.JsonObject;
import dev.stowaway.core.testing.FuzzTarget;
import dev.stowaway.core.testing.GeneratedSeeds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Fuzzes OCI/Docker manifests and indexes (JSON, descriptors, platform choice) and image configs. */
class OciManifestFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    try {
      ImageConfigParser.parse(data, "config");
    } catch (dev.stowaway.api.image.ImageFormatException e) {
      // expected for most inputs; go on with the manifest view of the same bytes
    }
    JsonObject doc = Json.parseObject(data, "manifest");
    if (OciManifests.isIndex(null, doc)) {
      OciManifests.choose(OciManifests.descriptors(doc, "manifests"), Platform.parse("linux/amd64"), "index", true);
    } else {
      OciManifests.manifest(doc);
    }
  }

  @Override
  protected Stream<Path> seeds() {
    var img = ImageArchiveSeeds.image();
    Map<String, byte[]> s = new LinkedHashMap<>();
    s.put("manifest.json", img.manifestBytes());
    s.put("config.json", img.configBytes());
    s.put("index.json", ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
        + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
        + img.manifestDigest() + "\",\"size\":" + img.manifestBytes().length
        + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return GeneratedSeeds.write(getClass().getSimpleName(), s);
  }
}
