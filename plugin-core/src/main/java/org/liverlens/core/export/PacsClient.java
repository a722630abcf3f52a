package org.liverlens.core.export;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.PacsUnavailableException;

/** Talks to one PACS node: DICOM DIMSE ({@link DimseClient}) or DICOMweb ({@link StowRsClient}). */
public interface PacsClient {

    /** Opens a client for a node; credentials named by the node are read from {@code env}. */
    static PacsClient connect(PacsNode node, Map<String, String> env) {
        if (node instanceof PacsNode.Dimse d) {
            return new DimseClient(d);
        }
        return new StowRsClient((PacsNode.DicomWeb) node, env);
    }

    PacsNode node();

    /** Checks that the PACS answers (C-ECHO, or a QIDO-RS query). */
    EchoResult echo();

    /**
     * Stores the instances and reports each one to {@code results} as soon as the PACS has
     * answered for it, stored or refused (one call at a time, possibly from several threads).
     * Throws {@link PacsUnavailableException} when the PACS cannot be reached or refuses the
     * connection or request as a whole; instances reported before that stay reported, the others
     * were not confirmed.
     */
    void store(List<DicomInstance> instances, Consumer<InstanceResult> results, Cancellation cancel);

    /** The SOP Instance UIDs the PACS holds in one series (C-FIND at IMAGE level, or QIDO-RS). */
    Set<String> instancesIn(String studyInstanceUid, String seriesInstanceUid);

    /** How {@link #instancesIn} asks: "C-FIND" or "QIDO-RS". */
    String verificationMethod();

    /** The answer to an echo. */
    record EchoResult(PacsNode node, String method, long milliseconds, String detail) {
    }

    /** What the PACS said about one instance. */
    record InstanceResult(DicomInstance instance, Outcome outcome, String status, String reason) {
        public boolean stored() {
            return outcome != Outcome.FAILED;
        }
    }

    /** Stored, stored with a warning (e.g. coerced attributes), or refused. */
    enum Outcome { STORED, WARNING, FAILED }
}
