package org.liverlens.core.export;

import java.util.Locale;

/** DIMSE status codes of C-STORE responses (PS3.4 B.2.3, PS3.7 C) and STOW-RS failure reasons (PS3.18), in words. */
final class DimseStatus {
    private DimseStatus() {
    }

    static String hex(int status) {
        return String.format(Locale.ROOT, "0x%04X", status & 0xffff);
    }

    /** Success, or one of the warnings under which the instance is stored. */
    static PacsClient.Outcome outcome(int status) {
        if (status == 0x0000) {
            return PacsClient.Outcome.STORED;
        }
        if (status == 0x0001 || status == 0x0107 || status == 0x0116 || (status & 0xf000) == 0xb000) {
            return PacsClient.Outcome.WARNING;
        }
        return PacsClient.Outcome.FAILED;
    }

    static String meaning(int status) {
        int s = status & 0xffff;
        if (s == 0x0000) {
            return "Success";
        }
        if (s == 0xb000) {
            return "Warning: coercion of data elements";
        }
        if (s == 0xb006) {
            return "Warning: elements discarded";
        }
        if (s == 0xb007) {
            return "Warning: data set does not match SOP Class";
        }
        if ((s & 0xff00) == 0xa700) {
            return "Refused: out of resources";
        }
        if ((s & 0xff00) == 0xa900) {
            return "Error: data set does not match SOP Class";
        }
        if (s == 0xc122) {
            return "Failure: referenced transfer syntax not supported";
        }
        if ((s & 0xf000) == 0xc000) {
            return "Error: cannot understand";
        }
        return switch (s) {
            case 0x0001 -> "Warning";
            case 0x0107 -> "Warning: attribute list error";
            case 0x0116 -> "Warning: attribute value out of range";
            case 0x0110 -> "Failure: processing failure";
            case 0x0111 -> "Failure: duplicate SOP Instance";
            case 0x0117 -> "Failure: invalid object instance";
            case 0x0122 -> "Failure: SOP Class not supported";
            case 0x0124 -> "Failure: not authorized";
            case 0x0210 -> "Failure: duplicate invocation";
            case 0x0211 -> "Failure: unrecognized operation";
            case 0x0212 -> "Failure: mistyped argument";
            case 0x0213 -> "Failure: resource limitation";
            case 0xfe00 -> "Cancelled";
            case 0xffff -> "no status in the response";
            default -> "Failure";
        };
    }
}
