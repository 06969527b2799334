package docseal.dss;

import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.PDFRevisionWrapper;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.jaxb.object.Message;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.simplereport.jaxb.XmlSignatureScope;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;

import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Validates PDFs with EU DSS (PAdES, PDFBox back end) under DSS's default validation policy, offline:
 * no CRL, OCSP or AIA fetching, so a chain without published revocation data ends INDETERMINATE.
 *
 * Usage: java -jar dss-validator.jar --trust root.pem [--trust other.pem ...] [--at 2040-01-01T00:00:00Z]
 *        file.pdf [file.pdf ...]
 * `--at` sets the validation time (default now): a time past the signer certificate's expiry shows
 * whether the file's long-term evidence (timestamps, embedded revocation data) carries the signature.
 *
 * Prints one JSON object per file, one per line, in the order given:
 * {"file", "signatures": [{"id", "indication", "subIndication", "format", "byteRange", "scopes",
 * "errors", "warnings", ...}]} or {"file", "error"} when DSS cannot read the file at all.
 * One JVM for many files keeps the test suite fast: DSS's start-up dominates a single validation.
 */
public final class ValidateMain {
  private ValidateMain() {}

  public static void main(String[] args) throws Exception {
    List<String> trust = new ArrayList<>();
    List<String> files = new ArrayList<>();
    Date at = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--trust") && i + 1 < args.length) trust.add(args[++i]);
      else if (args[i].equals("--at") && i + 1 < args.length) at = Date.from(Instant.parse(args[++i]));
      else files.add(args[i]);
    }
    if (trust.isEmpty() || files.isEmpty()) {
      System.err.println("usage: dss-validator --trust root.pem [--trust root2.pem ...] file.pdf [file.pdf ...]");
      System.exit(2);
    }
    CommonCertificateVerifier verifier = offlineVerifier(trust);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    for (String file : files) out.println(validate(file, verifier, at));
  }

  private static CommonCertificateVerifier offlineVerifier(List<String> trustPaths) {
    CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
    for (String path : trustPaths) trusted.addCertificate(DSSUtils.loadCertificate(new File(path)));
    CommonCertificateVerifier verifier = new CommonCertificateVerifier();
    verifier.setTrustedCertSources(trusted);
    verifier.setCrlSource(null);
    verifier.setOcspSource(null);
    verifier.setAIASource(null);
    return verifier;
  }

  private static String validate(String path, CommonCertificateVerifier verifier, Date at) {
    Json j = new Json().field("file", path);
    try {
      SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new FileDocument(path));
      validator.setCertificateVerifier(verifier);
      if (at != null) validator.setValidationTime(at);
      Reports reports = validator.validateDocument();
      List<String> sigs = new ArrayList<>();
      for (SignatureWrapper s : reports.getDiagnosticData().getSignatures()) {
        sigs.add(signature(reports.getSimpleReport(), reports.getDiagnosticData(), s));
      }
      return j.raw("signatures", "[" + String.join(",", sigs) + "]").end();
    } catch (RuntimeException e) {
      return j.field("error", e.getClass().getSimpleName() + ": " + e.getMessage()).end();
    }
  }

  private static String signature(SimpleReport simple, DiagnosticData diagnostic, SignatureWrapper s) {
    String id = s.getId();
    Json j = new Json()
        .field("id", id)
        .field("indication", String.valueOf(simple.getIndication(id)))
        .field("subIndication", simple.getSubIndication(id) == null ? null : simple.getSubIndication(id).name())
        .field("format", String.valueOf(simple.getSignatureFormat(id)))
        .bool("signatureIntact", s.isSignatureIntact())
        .bool("signatureValid", s.isSignatureValid())
        .field("signedBy", simple.getSignedBy(id));
    PDFRevisionWrapper rev = s.getPDFRevision();
    if (rev != null) {
      j.raw("byteRange", rev.getSignatureByteRange().toString().replace(" ", ""))
          .bool("byteRangeValid", rev.isSignatureByteRangeValid())
          .field("fieldName", rev.getFirstFieldName())
          .field("subFilter", rev.getSubFilter())
          .bool("pdfModificationsDetected", rev.arePdfModificationsDetected());
    }
    List<String> scopes = new ArrayList<>();
    for (XmlSignatureScope scope : simple.getSignatureScopes(id)) {
      scopes.add(new Json().field("name", scope.getName()).field("scope", String.valueOf(scope.getScope()))
          .field("description", scope.getValue()).end());
    }
    return j.raw("scopes", "[" + String.join(",", scopes) + "]")
        .raw("errors", messages(simple.getAdESValidationErrors(id)))
        .raw("warnings", messages(simple.getAdESValidationWarnings(id)))
        .end();
  }

  private static String messages(List<Message> list) {
    List<String> out = new ArrayList<>();
    for (Message m : list) out.add(Json.quote(m.getKey() + ": " + m.getValue()));
    return "[" + String.join(",", out) + "]";
  }

  /** Just enough JSON writing for flat objects; no library, so the tool's only dependencies are DSS's. */
  private static final class Json {
    private final StringBuilder sb = new StringBuilder("{");

    Json field(String key, String value) {
      return raw(key, value == null ? "null" : quote(value));
    }

    Json bool(String key, boolean value) {
      return raw(key, String.valueOf(value));
    }

    Json raw(String key, String json) {
      if (sb.length() > 1) sb.append(',');
      sb.append(quote(key)).append(':').append(json);
      return this;
    }

    String end() {
      return sb.append('}').toString();
    }

    static String quote(String s) {
      StringBuilder q = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        if (c == '"' || c == '\\') q.append('\\').append(c);
        else if (c < 0x20) q.append(String.format("\\u%04x", (int) c));
        else q.append(c);
      }
      return q.append('"').toString();
    }
  }
}
