package org.liverlens.core.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Set;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.liverlens.tools.orthanc.LocalOrthanc;

/**
 * The real PACS of the tests: Debian's Orthanc with the DICOMweb plugin, on loopback with a
 * generated configuration (see {@link LocalOrthanc}). One per test class:
 * {@code @RegisterExtension static final OrthancPeer orthanc = OrthancPeer.perClass();} starts it
 * before the first test, empties it before each, and stops it by its PID after the last. Our AE
 * title {@value #CALLING_AET} is the only one it accepts.
 */
public final class OrthancPeer implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, AutoCloseable {
    public static final String CALLING_AET = "LIVERLENS";

    private final LocalOrthanc.Options options;
    private LocalOrthanc orthanc;

    private OrthancPeer(LocalOrthanc.Options options) {
        this.options = options;
    }

    /** An Orthanc for the test class that registers this extension. */
    public static OrthancPeer perClass() {
        return perClass(LocalOrthanc.Options.defaults());
    }

    public static OrthancPeer perClass(LocalOrthanc.Options options) {
        return new OrthancPeer(options);
    }

    /** An Orthanc started now, for one test (close it). */
    public static OrthancPeer start(LocalOrthanc.Options options) {
        OrthancPeer peer = new OrthancPeer(options);
        peer.startNow();
        return peer;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startNow();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        orthanc.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void startNow() {
        try {
            orthanc = LocalOrthanc.start(options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Orthanc for the tests: " + e.getMessage(), e);
        }
    }

    /** The running Orthanc: ports, REST helpers, log. */
    public LocalOrthanc orthanc() {
        return orthanc;
    }

    public int dicomPort() {
        return orthanc.dicomPort();
    }

    public int httpPort() {
        return orthanc.httpPort();
    }

    public String aet() {
        return orthanc.aet();
    }

    /** A DIMSE node for this Orthanc, calling as {@value #CALLING_AET}. */
    public PacsNode.Dimse dimseNode(String name) {
        return dimseNode(name, CALLING_AET, dicomPort());
    }

    /** A DIMSE node with another calling AE title or port (a relay in front of Orthanc). */
    public PacsNode.Dimse dimseNode(String name, String callingAet, int port) {
        return new PacsNode.Dimse(name, aet(), "127.0.0.1", port, callingAet, false);
    }

    /** A DICOMweb node for this Orthanc, without authentication. */
    public PacsNode.DicomWeb dicomWebNode(String name) {
        return new PacsNode.DicomWeb(name, dicomWebUrl(), HttpAuth.NONE, null, null);
    }

    public URI dicomWebUrl() {
        return orthanc.dicomWebUrl();
    }

    public String dicomUri() {
        return orthanc.dicomUri();
    }

    /** What Orthanc holds, by SOP Instance UID (its REST API). */
    public Set<String> sopInstanceUids() {
        return orthanc.sopInstanceUids();
    }

    /** Deletes everything stored. */
    public void clear() {
        orthanc.clear();
    }

    @Override
    public void close() {
        if (orthanc != null) {
            orthanc.close();
            orthanc = null;
        }
    }
}
