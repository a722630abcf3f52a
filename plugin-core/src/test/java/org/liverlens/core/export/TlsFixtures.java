package org.liverlens.core.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throw-away server certificate for 127.0.0.1, made with the JDK's keytool: the PKCS#12 key
 * store for a TLS server, and the certificate as PEM for the client's trust store.
 */
public final class TlsFixtures {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private final Path keyStore;
    private final Path certificatePem;

    private TlsFixtures(Path keyStore, Path certificatePem) {
        this.keyStore = keyStore;
        this.certificatePem = certificatePem;
    }

    /** Generates the key pair and self-signed certificate (SAN IP:127.0.0.1) in {@code dir}. */
    public static TlsFixtures create(Path dir) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path ks = dir.resolve("server.p12");
        Path pem = dir.resolve("server.pem");
        run(List.of(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", new String(PASSWORD)));
        run(List.of(keytool.toString(), "-exportcert", "-rfc", "-alias", "server", "-keystore", ks.toString(),
                "-storepass", new String(PASSWORD), "-file", pem.toString()));
        return new TlsFixtures(ks, pem);
    }

    /** The certificate, PEM: what a client trusts. */
    public Path certificatePem() {
        return certificatePem;
    }

    /** A server-side TLS context with the generated key. */
    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + String.join(" ", cmd) + "\n" + out);
        }
    }
}
