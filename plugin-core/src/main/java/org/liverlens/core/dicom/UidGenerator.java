package org.liverlens.core.dicom;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * New DICOM UIDs under a configurable root. Without a registered root, the UUID-derived root
 * {@code 2.25} (PS3.5 B.2) is used, which needs no registration and cannot collide.
 */
public final class UidGenerator {
    /** UID root for UUID-derived UIDs (DICOM PS3.5 Annex B.2). */
    public static final String UUID_ROOT = "2.25";
    private static final Pattern VALID_ROOT = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String root;

    public UidGenerator() {
        this(UUID_ROOT);
    }

    /** @param root an organisation root such as {@code 1.2.826.0.1.3680043.10.1234}, at most 40 characters */
    public UidGenerator(String root) {
        if (root == null || !VALID_ROOT.matcher(root).matches() || root.length() > 40) {
            throw new IllegalArgumentException("invalid UID root '" + root
                    + "': digits separated by dots, no leading zeros, at most 40 characters");
        }
        this.root = root;
    }

    public String root() {
        return root;
    }

    /** A new UID, at most 64 characters. */
    public String next() {
        if (root.equals(UUID_ROOT)) {
            return of(UUID.randomUUID());
        }
        int room = 64 - root.length() - 1;
        BigInteger v = new BigInteger(Math.min(room * 3, 120), RANDOM);
        String digits = v.toString();
        if (digits.length() > room) {
            digits = digits.substring(0, room);
        }
        digits = digits.replaceFirst("^0+(?=.)", "");
        return root + "." + digits;
    }

    /** {@code 2.25.<the UUID as an unsigned decimal>} (ISO/IEC 9834-8): at most 44 characters. */
    public static String of(UUID u) {
        return UUID_ROOT + "." + new BigInteger(1, toBytes(u));
    }

    /** The UID of the name-based UUID of {@code name}: the same name always gives the same UID. */
    public static String nameBased(String name) {
        return of(UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static byte[] toBytes(UUID u) {
        byte[] b = new byte[16];
        long hi = u.getMostSignificantBits();
        long lo = u.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }
}
