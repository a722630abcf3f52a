package org.liverlens.core.export;

import java.nio.file.Path;

/**
 * One DICOM file to send, with what sending and verifying need from its header: the SOP Class
 * and Instance UIDs (the PACS keys on the latter), the transfer syntax, the study and series it
 * belongs to, and where the dataset starts after the file meta information.
 *
 * @param datasetOffset bytes before the dataset (preamble, "DICM" and the meta group); 0 for a bare dataset
 * @param part10        whether the file has the 128-byte preamble, "DICM" and file meta information
 * @param bytes         the file's size
 */
public record DicomInstance(Path file, String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                            String studyInstanceUid, String seriesInstanceUid, long datasetOffset, boolean part10,
                            long bytes) {

    /** The same instance in another file (its copy in the outbox). */
    public DicomInstance withFile(Path other) {
        return new DicomInstance(other, sopClassUid, sopInstanceUid, transferSyntaxUid, studyInstanceUid,
                seriesInstanceUid, datasetOffset, part10, bytes);
    }
}
