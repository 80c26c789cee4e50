package dev.stowaway.core.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.ResultOrder;
import dev.stowaway.core.ScannerVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Writes an SPDX 2.3 JSON document (https://spdx.github.io/spdx-spec/v2.3/): the image as a package that
 * the document DESCRIBES and that CONTAINS one package per scanned package, each with a purl external
 * reference. The namespace is derived from the config digest, so the output is deterministic.
 * Stateless, thread-safe.
 */
public final class SpdxJsonReporter implements Reporter {
  private static final JsonFactory FACTORY = new JsonFactory();

  @Override
  public String format() {
    return "spdx-json";
  }

  @Override
  public void write(ScanResult r, OutputStream out) throws IOException {
    List<Package> packages = r.packages().stream().sorted(ResultOrder.PACKAGES).toList();
    String identity = r.artifact().configDigest() != null ? r.artifact().configDigest().toString()
        : r.artifact().name() + "@" + r.scannedAt();
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      ReportPrettyPrinter.use(g);
      g.writeStartObject();
      g.writeStringField("spdxVersion", "SPDX-2.3");
      g.writeStringField("dataLicense", "CC0-1.0");
      g.writeStringField("SPDXID", "SPDXRef-DOCUMENT");
      g.writeStringField("name", r.artifact().name());
      g.writeStringField("documentNamespace", "https://stowaway.dev/spdx/"
          + UUID.nameUUIDFromBytes(("stowaway-spdx:" + identity).getBytes(StandardCharsets.UTF_8)));
      g.writeObjectFieldStart("creationInfo");
      g.writeStringField("created", r.scannedAt().truncatedTo(ChronoUnit.SECONDS).toString());
      g.writeArrayFieldStart("creators");
      g.writeString("Tool: stowaway-" + ScannerVersion.get());
      g.writeEndArray();
      g.writeEndObject();
      g.writeArrayFieldStart("documentDescribes");
      g.writeString("SPDXRef-Image");
      g.writeEndArray();
      g.writeArrayFieldStart("packages");
      g.writeStartObject();
      g.writeStringField("SPDXID", "SPDXRef-Image");
      g.writeStringField("name", r.artifact().name());
      if (r.artifact().manifestDigest() != null) {
        g.writeStringField("versionInfo", r.artifact().manifestDigest().toString());
      }
      noAssertions(g);
      g.writeStringField("primaryPackagePurpose", "CONTAINER");
      g.writeEndObject();
      for (int i = 0; i < packages.size(); i++) {
        writePackage(g, packages.get(i), i + 1);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("relationships");
      relationship(g, "SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Image");
      for (int i = 0; i < packages.size(); i++) {
        relationship(g, "SPDXRef-Image", "CONTAINS", "SPDXRef-Package-" + (i + 1));
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
    out.flush();
  }

  private static void writePackage(JsonGenerator g, Package p, int n) throws IOException {
    g.writeStartObject();
    g.writeStringField("SPDXID", "SPDXRef-Package-" + n);
    g.writeStringField("name", p.name());
    if (p.version() != null) {
      g.writeStringField("versionInfo", p.version());
    }
    noAssertions(g);
    if (!p.licenses().isEmpty()) {
      // licence texts from package metadata are not validated SPDX expressions: keep them as a comment
      g.writeStringField("licenseComments", "declared: " + String.join(", ", p.licenses()));
    }
    if (p.purl() != null) {
      g.writeArrayFieldStart("externalRefs");
      g.writeStartObject();
      g.writeStringField("referenceCategory", "PACKAGE-MANAGER");
      g.writeStringField("referenceType", "purl");
      g.writeStringField("referenceLocator", p.purl());
      g.writeEndObject();
      g.writeEndArray();
    }
    g.writeStringField("sourceInfo", "layer " + (p.location().layer() == null ? "?" : p.location().layer().index())
        + ": " + p.location().path() + (p.location().nestedPath() == null ? "" : "!/" + p.location().nestedPath()));
    g.writeEndObject();
  }

  private static void noAssertions(JsonGenerator g) throws IOException {
    g.writeStringField("downloadLocation", "NOASSERTION");
    g.writeBooleanField("filesAnalyzed", false);
    g.writeStringField("licenseConcluded", "NOASSERTION");
    g.writeStringField("licenseDeclared", "NOASSERTION");
    g.writeStringField("copyrightText", "NOASSERTION");
  }

  private static void relationship(JsonGenerator g, String from, String type, String to) throws IOException {
    g.writeStartObject();
    g.writeStringField("spdxElementId", from);
    g.writeStringField("relationshipType", type);
    g.writeStringField("relatedSpdxElement", to);
    g.writeEndObject();
  }
}
