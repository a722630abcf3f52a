package org.liverlens.core.export;

import java.nio.file.Path;
import java.util.List;

import org.liverlens.core.dicom.SkippedFile;
import org.liverlens.core.work.PacsUnavailableException;

/**
 * What became of one job: each instance's state with the PACS's status and reason, whether the
 * PACS could be reached at all, whether it was asked afterwards what it holds, and whether the
 * job has left the outbox (only when every instance was confirmed).
 *
 * @param unavailable why the PACS could not be reached or refused the connection; null when it answered
 * @param verification "C-FIND" or "QIDO-RS" when the PACS was asked what it holds; null when not
 * @param removed      whether the job is delivered and gone from the outbox
 */
public record SendReport(String jobId, String destination, List<Instance> instances, List<SkippedFile> skipped,
                         PacsUnavailableException unavailable, String verification, boolean removed, long milliseconds) {

    public SendReport {
        instances = List.copyOf(instances);
        skipped = List.copyOf(skipped);
    }

    /** Where one instance stands. */
    public enum State {
        /** confirmed by the PACS in this run */
        SENT,
        /** confirmed with a warning (e.g. attributes coerced) */
        WARNING,
        /** confirmed in an earlier run */
        SENT_EARLIER,
        /** refused by the PACS, or missing when verified */
        FAILED,
        /** not confirmed yet: still queued */
        PENDING
    }

    /** One instance: the file it was queued from, its SOP Instance UID, state, status and reason. */
    public record Instance(Path source, String sopInstanceUid, State state, String status, String reason) {
    }

    public long count(State state) {
        return instances.stream().filter(i -> i.state() == state).count();
    }

    /** Confirmed by the PACS, now or earlier. */
    public long confirmed() {
        return count(State.SENT) + count(State.WARNING) + count(State.SENT_EARLIER);
    }

    public List<Instance> failures() {
        return instances.stream().filter(i -> i.state() == State.FAILED).toList();
    }
}
