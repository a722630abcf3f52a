package org.liverlens.core.export;

import org.liverlens.core.work.PacsUnavailableException;

/**
 * The PACS answered an association request with A-ASSOCIATE-RJ (PS3.8 9.3.4): the fields of the
 * reject, as dcm4che's {@code AAssociateRJ} has them. Exit code 4 like every refusal of a PACS; a
 * transient rejection (congestion) is worth retrying, a permanent one needs a change of
 * configuration (our AE title made known to the PACS, or its own called AE title corrected).
 */
public final class AssociationRejectedException extends PacsUnavailableException {
    /** Result: rejected-permanent. */
    public static final int RESULT_PERMANENT = 1;
    /** Result: rejected-transient. */
    public static final int RESULT_TRANSIENT = 2;
    /** Source: DICOM UL service-user. */
    public static final int SOURCE_SERVICE_USER = 1;
    /** Source: DICOM UL service-provider (ACSE related function). */
    public static final int SOURCE_ACSE = 2;
    /** Source: DICOM UL service-provider (presentation related function). */
    public static final int SOURCE_PRESENTATION = 3;
    /** Reason (service-user): calling AE title not recognized. */
    public static final int REASON_CALLING_AET_NOT_RECOGNIZED = 3;
    /** Reason (service-user): called AE title not recognized. */
    public static final int REASON_CALLED_AET_NOT_RECOGNIZED = 7;

    private final int result;
    private final int source;
    private final int reason;

    AssociationRejectedException(String message, String hint, int result, int source, int reason, Throwable cause) {
        super(message, hint, result == RESULT_TRANSIENT, cause);
        this.result = result;
        this.source = source;
        this.reason = reason;
    }

    /** 1 rejected-permanent, 2 rejected-transient (0 when the PACS's answer could not be read). */
    public int result() {
        return result;
    }

    /** 1 service-user, 2 service-provider (ACSE), 3 service-provider (presentation); 0 unknown. */
    public int source() {
        return source;
    }

    /** The reason code, whose meaning depends on {@link #source()} (PS3.8 Table 9-21); 0 unknown. */
    public int reason() {
        return reason;
    }

    /** The reason in the words of PS3.8. */
    public static String reasonText(int source, int reason) {
        return switch (source) {
            case SOURCE_SERVICE_USER -> switch (reason) {
                case 1 -> "no reason given";
                case 2 -> "application context name not supported";
                case REASON_CALLING_AET_NOT_RECOGNIZED -> "calling AE title not recognized";
                case REASON_CALLED_AET_NOT_RECOGNIZED -> "called AE title not recognized";
                default -> "reason " + reason;
            };
            case SOURCE_ACSE -> switch (reason) {
                case 1 -> "no reason given";
                case 2 -> "protocol version not supported";
                default -> "reason " + reason;
            };
            case SOURCE_PRESENTATION -> switch (reason) {
                case 1 -> "temporary congestion";
                case 2 -> "local limit exceeded";
                default -> "reason " + reason;
            };
            default -> "reason unknown";
        };
    }
}
