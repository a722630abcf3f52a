package org.liverlens.core.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.FileMetaInformation;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.CancelledException;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.PacsUnavailableException;

/**
 * DICOMweb with {@link HttpClient}: STOW-RS to store ({@code POST {base}/studies}, instances in
 * batches, each answered per instance through the Referenced and Failed SOP Sequences), QIDO-RS to
 * verify and to probe. Credentials come from environment variables named by the node; TLS uses
 * the JDK trust store, or only the certificates of a configured trust store (PEM, PKCS#12 or JKS).
 */
final class StowRsClient implements PacsClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);
    /** Instances per STOW-RS request, and bytes: large enough to amortise a request, small enough to confirm often. */
    static final int BATCH_INSTANCES = 50;
    static final long BATCH_BYTES = 64L << 20;
    static final String ACCEPT_JSON = "application/dicom+json";
    static final String ACCEPT_XML = "application/dicom+xml";

    private final PacsNode.DicomWeb node;
    private final Map<String, String> env;
    private final HttpClient http;
    private final String accept;

    StowRsClient(PacsNode.DicomWeb node, Map<String, String> env) {
        this(node, env, ACCEPT_JSON);
    }

    /** With {@code accept} the response format asked for: DICOM JSON or DICOM XML. */
    StowRsClient(PacsNode.DicomWeb node, Map<String, String> env, String accept) {
        this.node = node;
        this.env = Map.copyOf(env);
        this.accept = accept;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (node.trustStore() != null) {
            b.sslContext(sslContext(node, env));
        }
        this.http = b.build();
    }

    @Override
    public PacsNode node() {
        return node;
    }

    @Override
    public String verificationMethod() {
        return "QIDO-RS";
    }

    @Override
    public EchoResult echo() {
        URI uri = URI.create(node.baseUrl() + "/studies?limit=1");
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = send(request(uri).GET().header("Accept", ACCEPT_JSON).build(), "QIDO-RS");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (r.statusCode() != 200 && r.statusCode() != 204) {
            throw refusedRequest(r, uri, "QIDO-RS");
        }
        return new EchoResult(node, "QIDO-RS", ms, "QIDO-RS GET " + uri + ": HTTP " + r.statusCode());
    }

    @Override
    public void store(List<DicomInstance> instances, Consumer<InstanceResult> results, Cancellation cancel) {
        URI uri = URI.create(node.baseUrl() + "/studies");
        int i = 0;
        while (i < instances.size()) {
            cancel.check();
            List<DicomInstance> batch = new ArrayList<>();
            long bytes = 0;
            while (i < instances.size() && batch.size() < BATCH_INSTANCES
                    && (batch.isEmpty() || bytes + instances.get(i).bytes() <= BATCH_BYTES)) {
                bytes += instances.get(i).bytes();
                batch.add(instances.get(i++));
            }
            storeBatch(uri, batch, results);
        }
    }

    private void storeBatch(URI uri, List<DicomInstance> batch, Consumer<InstanceResult> results) {
        MultipartBody body = new MultipartBody();
        HttpRequest request;
        try {
            for (DicomInstance d : batch) {
                if (d.part10()) {
                    body.addFile(d.file());
                } else {
                    body.addBytes(part10(d));
                }
            }
            request = request(uri).timeout(REQUEST_TIMEOUT).header("Content-Type", body.contentType())
                    .header("Accept", accept).POST(body.publisher()).build();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read an instance of the outbox: " + e.getMessage(), e);
        }
        HttpResponse<byte[]> r = send(request, "STOW-RS");
        int code = r.statusCode();
        StowResponse parsed = null;
        if (r.body().length > 0) {
            try {
                parsed = StowResponse.parse(r.headers().firstValue("Content-Type").orElse(null), r.body());
            } catch (IOException e) {
                parsed = null;
            }
        }
        boolean answered = parsed != null && (!parsed.referenced().isEmpty() || !parsed.failed().isEmpty());
        if (!answered) {
            if (code == 200 || code == 202) {
                throw new PacsUnavailableException("STOW-RS at " + uri + " answered HTTP " + code
                        + " without saying which instances it stored", "the instances stay queued; check the server's log",
                        true, null);
            }
            throw refusedRequest(r, uri, "STOW-RS");
        }
        Map<String, StowResponse.Item> stored = new HashMap<>();
        parsed.referenced().forEach(item -> stored.put(item.sopInstanceUid(), item));
        Map<String, StowResponse.Item> failed = new HashMap<>();
        parsed.failed().forEach(item -> failed.put(item.sopInstanceUid(), item));
        for (DicomInstance d : batch) {
            StowResponse.Item f = failed.get(d.sopInstanceUid());
            StowResponse.Item s = stored.get(d.sopInstanceUid());
            if (f != null) {
                int reason = f.reason() == null ? 0xffff : f.reason();
                results.accept(new InstanceResult(d, Outcome.FAILED, "FailureReason " + DimseStatus.hex(reason),
                        DimseStatus.meaning(reason) + " (HTTP " + code + ")"));
            } else if (s != null) {
                if (s.reason() == null) {
                    results.accept(new InstanceResult(d, Outcome.STORED, "HTTP " + code, "stored"));
                } else {
                    results.accept(new InstanceResult(d, Outcome.WARNING, "WarningReason " + DimseStatus.hex(s.reason()),
                            DimseStatus.meaning(s.reason())));
                }
            } else {
                results.accept(new InstanceResult(d, Outcome.FAILED, "HTTP " + code,
                        "the response lists this instance neither as stored nor as failed"));
            }
        }
    }

    @Override
    public Set<String> instancesIn(String studyInstanceUid, String seriesInstanceUid) {
        Set<String> found = new HashSet<>();
        int limit = 1000;
        for (int offset = 0; ; offset += limit) {
            URI uri = URI.create(node.baseUrl() + "/studies/" + enc(studyInstanceUid) + "/series/" + enc(seriesInstanceUid)
                    + "/instances?includefield=00080018&limit=" + limit + "&offset=" + offset);
            HttpResponse<byte[]> r = send(request(uri).GET().header("Accept", ACCEPT_JSON).build(), "QIDO-RS");
            if (r.statusCode() == 204 || (r.statusCode() == 404 && offset == 0)) {
                return found;
            }
            if (r.statusCode() != 200) {
                throw refusedRequest(r, uri, "QIDO-RS");
            }
            int n;
            try {
                JsonNode list = new ObjectMapper().readTree(r.body());
                n = list.size();
                for (JsonNode item : list) {
                    JsonNode uid = item.path("00080018").path("Value").path(0);
                    if (!uid.isMissingNode()) {
                        found.add(uid.asText().strip());
                    }
                }
            } catch (IOException e) {
                throw new PacsUnavailableException("QIDO-RS at " + uri + " answered something that is not DICOM JSON: "
                        + e.getMessage(), null, true, e);
            }
            if (n < limit) {
                return found;
            }
        }
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(CONNECT_TIMEOUT.plus(Duration.ofSeconds(50)));
        Optional<String> auth = node.auth().header(env, node.name());
        auth.ifPresent(a -> b.header("Authorization", a));
        return b;
    }

    private HttpResponse<byte[]> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (SSLException e) {
            throw new PacsUnavailableException("the TLS handshake with " + request.uri().getHost() + " failed ("
                    + e.getMessage() + ")", node.trustStore() == null
                    ? "if the server's certificate comes from a private authority, give it with --trust FILE (PEM)"
                    : "check that " + node.trustStore() + " holds the certificate of the server's authority", false, e);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new PacsUnavailableException("cannot reach PACS '" + node.name() + "' at " + node.baseUrl() + ": "
                    + (e instanceof ConnectException ? "connection refused" : "no answer within "
                    + CONNECT_TIMEOUT.toSeconds() + " s"), "check that the server is running and the URL is right "
                    + "('liverlens nodes echo " + node.name() + "')", true, e);
        } catch (HttpTimeoutException e) {
            throw new PacsUnavailableException(what + " at " + request.uri() + " did not answer in time", null, true, e);
        } catch (IOException e) {
            throw new PacsUnavailableException(what + " at " + request.uri() + " failed: " + e, null, true, e);
        }
    }

    /** A request the server refused as a whole: nothing in it was stored. */
    private PacsUnavailableException refusedRequest(HttpResponse<byte[]> r, URI uri, String what) {
        int code = r.statusCode();
        String body = new String(r.body(), StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        if (body.length() > 200) {
            body = body.substring(0, 200) + "…";
        }
        String message = what + " " + uri + " was refused with HTTP " + code + (body.isEmpty() ? "" : ": " + body);
        String hint;
        boolean transientFailure = false;
        if (code == 401 || code == 403) {
            hint = "check the credentials of node '" + node.name() + "' (the environment variables it names)";
        } else if (code == 404 || code == 405) {
            hint = "check the base URL of node '" + node.name() + "': it should be the DICOMweb root, where "
                    + "{URL}/studies is the STOW-RS and QIDO-RS resource";
        } else if (code >= 500 || code == 408 || code == 429) {
            hint = "the server is in trouble or busy; the instances stay queued ('liverlens outbox flush' later)";
            transientFailure = true;
        } else {
            hint = "the instances stay queued";
        }
        return new PacsUnavailableException(message, hint, transientFailure, null);
    }

    /** A bare dataset as a Part 10 file (STOW-RS parts carry the file meta information). */
    private static byte[] part10(DicomInstance d) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(d.file()), 1 << 16);
             DicomInputStream in = new DicomInputStream(raw, TransferSyntaxes.IMPLICIT_LE, false)) {
            AttributeList list = new AttributeList();
            list.read(in);
            FileMetaInformation.addFileMetaInformation(list, TransferSyntaxes.EXPLICIT_LE, "LIVERLENS");
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, d.bytes() + 1024));
            list.write(out, TransferSyntaxes.EXPLICIT_LE, true, true, false);
            return out.toByteArray();
        } catch (DicomException e) {
            throw new IOException("cannot add file meta information to " + d.file() + ": " + e.getMessage(), e);
        }
    }

    private static String enc(String uid) {
        return URLEncoder.encode(uid == null ? "" : uid, StandardCharsets.UTF_8);
    }

    /** Trusts only the certificates of the node's trust store: PEM certificates, or a PKCS#12/JKS key store. */
    static SSLContext sslContext(PacsNode.DicomWeb node, Map<String, String> env) {
        Path file = node.trustStore();
        try {
            KeyStore ks;
            byte[] head = Files.readAllBytes(file);
            if (new String(head, 0, Math.min(head.length, 64), StandardCharsets.US_ASCII).contains("-----BEGIN")) {
                ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int n = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509")
                        .generateCertificates(new java.io.ByteArrayInputStream(head))) {
                    ks.setCertificateEntry("ca-" + n++, c);
                }
                if (n == 0) {
                    throw new InvalidInputException("no certificate in the trust file", file, "give a PEM file of CA certificates");
                }
            } else {
                char[] password = null;
                if (node.trustStorePasswordEnv() != null) {
                    String p = env.get(node.trustStorePasswordEnv());
                    if (p == null) {
                        throw new PacsUnavailableException("the trust store password of node '" + node.name()
                                + "' is read from " + node.trustStorePasswordEnv() + ", which is not set", null, false, null);
                    }
                    password = p.toCharArray();
                }
                ks = KeyStore.getInstance(file.toFile(), password);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidInputException("cannot read the trust store of node '" + node.name() + "': " + e.getMessage(),
                    file, "give a PEM file of CA certificates, or a PKCS#12/JKS trust store (--trust-password-env if it "
                    + "has a password)", e);
        }
    }
}
