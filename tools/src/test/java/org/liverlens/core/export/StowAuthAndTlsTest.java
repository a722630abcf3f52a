package org.liverlens.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.tools.orthanc.LocalOrthanc;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.PacsUnavailableException;

/**
 * Credentials from environment variables and TLS with a configured trust store. Orthanc's
 * DICOMweb root answers only requests carrying a bearer token or Basic credentials (checked by
 * an Orthanc Lua filter); TLS is terminated by a loopback relay in front of Orthanc's HTTP port
 * (Debian's Orthanc 1.10 crashes serving HTTPS itself).
 */
class StowAuthAndTlsTest {
    private static final String FILTER = """
            function IncomingHttpRequestFilter(method, uri, ip, username, httpHeaders)
              if string.sub(uri, 1, 10) ~= '/dicom-web' then
                return true
              end
              local a = httpHeaders['authorization']
              return a == 'Bearer t0ken-of-the-day' or a == 'Basic YWxpY2U6czNjcmV0'
            end
            """;

    @RegisterExtension
    static final OrthancPeer orthanc = OrthancPeer.perClass(LocalOrthanc.Options.defaults().withLua(FILTER));
    private static LoopbackRelay tls;
    private static TlsFixtures certificate;

    @TempDir
    static Path keys;

    @BeforeAll
    static void start() throws Exception {
        certificate = TlsFixtures.create(keys);
        tls = LoopbackRelay.tls(orthanc.httpPort(), certificate.serverContext());
    }

    @AfterAll
    static void stop() {
        tls.close();
    }

    private static List<PacsClient.InstanceResult> send(PacsNode.DicomWeb node, Map<String, String> env) {
        List<DicomInstance> instances = ExportFixtures.read(List.of(ExportFixtures.seg()));
        List<PacsClient.InstanceResult> results = new ArrayList<>();
        new StowRsClient(node, env).store(instances, results::add, Cancellation.NONE);
        return results;
    }

    private static PacsNode.DicomWeb node(URI url, HttpAuth auth, Path trust) {
        return new PacsNode.DicomWeb("secure", url, auth, trust, null);
    }

    @Test
    void basicCredentialsComeFromTheNamedEnvironmentVariables() {
        PacsNode.DicomWeb n = node(orthanc.dicomWebUrl(), new HttpAuth.Basic("PACS_USER", "PACS_PASSWORD"), null);
        List<PacsClient.InstanceResult> r = send(n, Map.of("PACS_USER", "alice", "PACS_PASSWORD", "s3cret"));
        assertEquals(PacsClient.Outcome.STORED, r.get(0).outcome());
        assertEquals(1, orthanc.sopInstanceUids().size());
    }

    @Test
    void aBearerTokenComesFromTheNamedEnvironmentVariable() {
        PacsNode.DicomWeb n = node(orthanc.dicomWebUrl(), new HttpAuth.Bearer("PACS_TOKEN"), null);
        assertEquals(PacsClient.Outcome.STORED, send(n, Map.of("PACS_TOKEN", "t0ken-of-the-day")).get(0).outcome());
    }

    @Test
    void wrongCredentialsAreARefusalThatKeepsTheWorkQueued() {
        PacsNode.DicomWeb n = node(orthanc.dicomWebUrl(), new HttpAuth.Bearer("PACS_TOKEN"), null);
        PacsUnavailableException e = assertThrows(PacsUnavailableException.class,
                () -> send(n, Map.of("PACS_TOKEN", "yesterdays-token")));
        assertTrue(e.getMessage().contains("HTTP 403"), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("credentials"), e.hint().orElseThrow());
        assertFalse(e.getMessage().contains("yesterdays-token"), "a secret must never appear in a message");
        assertTrue(orthanc.sopInstanceUids().isEmpty());
    }

    @Test
    void anUnsetVariableIsNamedAndNoRequestIsMade() {
        PacsNode.DicomWeb n = node(orthanc.dicomWebUrl(), new HttpAuth.Basic("PACS_USER", "PACS_PASSWORD"), null);
        PacsUnavailableException e = assertThrows(PacsUnavailableException.class,
                () -> send(n, Map.of("PACS_USER", "alice")));
        assertTrue(e.getMessage().contains("PACS_PASSWORD") && e.getMessage().contains("not set"), e.getMessage());
    }

    @Test
    void tlsWithTheConfiguredTrustStoreWorks() {
        URI https = URI.create("https://127.0.0.1:" + tls.port() + "/dicom-web");
        PacsNode.DicomWeb n = node(https, new HttpAuth.Bearer("PACS_TOKEN"), certificate.certificatePem());
        assertEquals(PacsClient.Outcome.STORED, send(n, Map.of("PACS_TOKEN", "t0ken-of-the-day")).get(0).outcome());
        assertEquals(1, orthanc.sopInstanceUids().size());
    }

    @Test
    void tlsWithAnUntrustedCertificateFailsBeforeAnythingIsSent() {
        URI https = URI.create("https://127.0.0.1:" + tls.port() + "/dicom-web");
        PacsNode.DicomWeb n = node(https, new HttpAuth.Bearer("PACS_TOKEN"), null);
        PacsUnavailableException e = assertThrows(PacsUnavailableException.class,
                () -> send(n, Map.of("PACS_TOKEN", "t0ken-of-the-day")));
        assertTrue(e.getMessage().contains("TLS handshake"), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("--trust"), e.hint().orElseThrow());
        assertTrue(orthanc.sopInstanceUids().isEmpty());
    }
}
