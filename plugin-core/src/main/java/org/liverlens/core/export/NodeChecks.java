package org.liverlens.core.export;

import java.net.URI;
import java.util.regex.Pattern;

import org.liverlens.core.work.InvalidInputException;

/** The checks behind {@link PacsNode}'s constructors: each names the option that is wrong and what to write. */
final class NodeChecks {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private NodeChecks() {
    }

    static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("a node needs a name", null, null);
        }
        if (!PacsNode.isUri(name) && !NAME.matcher(name).matches()) {
            throw new InvalidInputException("node name '" + name + "' must be 1 to 64 letters, digits, '.', '_' or '-'",
                    null, "e.g. 'pacs' or 'orthanc-test'");
        }
        return name;
    }

    /** DICOM AE titles: 1 to 16 characters of the default repertoire, no backslash, not only spaces (PS3.5 6.2). */
    static String checkAet(String aet, String what) {
        String t = aet == null ? "" : aet.strip();
        if (t.isEmpty() || t.length() > 16 || !t.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '\\')) {
            throw new InvalidInputException(what + " must be 1 to 16 printable ASCII characters without '\\', got '"
                    + aet + "'", null, "AE titles are agreed with the PACS administrator, e.g. ORTHANC");
        }
        return t;
    }

    /** Checks the name of an environment variable (never its value, which may be a secret). */
    static String checkEnvName(String name, String option) {
        if (name == null || !ENV_NAME.matcher(name).matches()) {
            throw new InvalidInputException(option + " takes the NAME of an environment variable (letters, digits, '_'), got '"
                    + name + "'", null, "secrets are never written to config.json: export PACS_PASSWORD=... and pass "
                    + option + " PACS_PASSWORD");
        }
        return name;
    }

    static URI checkUrl(URI url) {
        if (url == null || url.getScheme() == null || url.getHost() == null
                || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
            throw new InvalidInputException("a DICOMweb URL must be http:// or https:// with a host, got " + url, null,
                    "e.g. --url https://pacs.hospital.org/dicom-web");
        }
        if (url.getRawUserInfo() != null) {
            throw new InvalidInputException("credentials must not be written in the URL " + url.getHost(), null,
                    "use --user-env/--password-env or --token-env with the names of environment variables");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new InvalidInputException("a DICOMweb base URL has no query or fragment: " + url, null, null);
        }
        String s = url.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }
}
