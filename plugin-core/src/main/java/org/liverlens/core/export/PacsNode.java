package org.liverlens.core.export;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

import org.liverlens.core.work.InvalidInputException;

/**
 * Where instances are sent: a DICOM (DIMSE) application entity or a DICOMweb service. Nodes hold
 * no secrets, only the names of the environment variables that carry them; constructors check
 * every field and name the one that is wrong.
 */
public sealed interface PacsNode permits PacsNode.Dimse, PacsNode.DicomWeb {

    /** Our AE title when a node names none. */
    String DEFAULT_CALLING_AET = "LIVERLENS";

    /** The node's name in config.json, or the URI it was made from. */
    String name();

    /** Where it is, for messages: {@code AET@host:port} or the base URL. */
    String address();

    /**
     * A DICOM application entity reached by DIMSE (C-ECHO, C-STORE, C-FIND).
     *
     * @param associations how many associations C-STORE may open at once (1 for a PACS that
     *                     allows only one per calling AE title)
     */
    record Dimse(String name, String calledAet, String host, int port, String callingAet, boolean tls, int associations)
            implements PacsNode {
        /** C-STORE associations at once unless a node says otherwise: PACS store instances in parallel. */
        public static final int DEFAULT_ASSOCIATIONS = 4;

        public Dimse(String name, String calledAet, String host, int port, String callingAet, boolean tls) {
            this(name, calledAet, host, port, callingAet, tls, DEFAULT_ASSOCIATIONS);
        }

        public Dimse {
            name = NodeChecks.checkName(name);
            calledAet = NodeChecks.checkAet(calledAet, "AE title (--aet)");
            callingAet = NodeChecks.checkAet(callingAet == null ? DEFAULT_CALLING_AET : callingAet, "calling AE title (--calling-aet)");
            if (host == null || host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
                throw new InvalidInputException("host (--host) must be a host name or IP address, got '" + host + "'",
                        null, "e.g. --host pacs.hospital.org");
            }
            if (port < 1 || port > 65535) {
                throw new InvalidInputException("port (--port) must be between 1 and 65535, got " + port, null,
                        "DICOM commonly uses 104 or 11112");
            }
            if (associations < 1 || associations > 16) {
                throw new InvalidInputException("associations (--associations) must be between 1 and 16, got "
                        + associations, null, "1 sends one instance at a time; ask the PACS administrator how many it allows");
            }
        }

        @Override
        public String address() {
            return calledAet + "@" + host + ":" + port + (tls ? " (TLS)" : "");
        }
    }

    /**
     * A DICOMweb service (STOW-RS to store, QIDO-RS to verify), with optional credentials taken
     * from environment variables and an optional trust store for TLS.
     */
    record DicomWeb(String name, URI baseUrl, HttpAuth auth, Path trustStore, String trustStorePasswordEnv)
            implements PacsNode {
        public DicomWeb {
            name = NodeChecks.checkName(name);
            baseUrl = NodeChecks.checkUrl(baseUrl);
            auth = auth == null ? HttpAuth.NONE : auth;
            if (trustStorePasswordEnv != null) {
                NodeChecks.checkEnvName(trustStorePasswordEnv, "--trust-password-env");
                if (trustStore == null) {
                    throw new InvalidInputException("--trust-password-env needs --trust FILE", null, null);
                }
            }
            if (trustStore != null && !"https".equals(baseUrl.getScheme())) {
                throw new InvalidInputException("--trust only applies to https URLs, got " + baseUrl, null, null);
            }
        }

        @Override
        public String address() {
            return baseUrl.toString();
        }
    }

    /** Parses {@code dicom://AET@host:port} or {@code http(s)://host/path}; a URI is its own name. */
    static PacsNode fromUri(String uri, String callingAet) {
        URI u;
        try {
            u = new URI(uri);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("not a valid destination URI: " + uri + " (" + e.getReason() + ")", null,
                    "write dicom://AET@host:port or https://host/dicomweb");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "dicom" -> {
                if (u.getUserInfo() == null || u.getHost() == null || u.getPort() < 0) {
                    throw new InvalidInputException("a DICOM destination needs an AE title, a host and a port: " + uri,
                            null, "write dicom://AET@host:port, e.g. dicom://ORTHANC@127.0.0.1:4242");
                }
                return new Dimse(uri, u.getUserInfo(), u.getHost(), u.getPort(), callingAet, false);
            }
            case "http", "https" -> {
                return new DicomWeb(uri, u, HttpAuth.NONE, null, null);
            }
            default -> throw new InvalidInputException("unknown destination '" + uri + "'", null,
                    "name a configured node ('liverlens nodes list'), dicom://AET@host:port or https://host/dicomweb");
        }
    }

    /** Whether a destination string is a URI rather than the name of a configured node. */
    static boolean isUri(String destination) {
        return destination.contains("://");
    }
}
