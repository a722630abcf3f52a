package org.liverlens.core.seg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.liverlens.core.dicom.SliceRef;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.dicom.UidGenerator;
import org.liverlens.core.work.InvalidInputException;

/**
 * The Study and Series Instance UIDs a derived object (SEG) names as its source. Real exports
 * sometimes carry them empty (TotalSegmentator's example DICOM: Study, Series, SOP Class and SOP
 * Instance UIDs present but empty, the instance UID only in the file meta header). A SEG must name
 * a study and a referenced series, so an empty one is replaced by a <em>stand-in</em>: a UID under
 * the {@code 2.25} arc (ISO/IEC 9834-8) made from a name-based UUID of the Frame of Reference and
 * the source SOP Instance UIDs. The same CT therefore always gets the same stand-ins, so every SEG
 * made from it lands in one study. Each stand-in is reported in {@link #notices()}.
 *
 * @param studyInstanceUid  the source's Study Instance UID, or its stand-in
 * @param seriesInstanceUid the source's Series Instance UID, or its stand-in
 * @param notices           one line for each stand-in (empty when the source had both UIDs)
 */
public record SourceUids(String studyInstanceUid, String seriesInstanceUid, List<String> notices) {

    /**
     * The UIDs of {@code source}, with stand-ins for empty ones.
     *
     * @throws InvalidInputException when the source instances have no SOP Instance UID at all, so
     *                               a SEG could not point at them
     */
    public static SourceUids of(Stack source) {
        TreeSet<String> instances = new TreeSet<>();
        for (SliceRef s : source.slices()) {
            String uid = s.header().sopInstanceUid();
            if (uid.isEmpty()) {
                throw new InvalidInputException("the source CT slice has no SOPInstanceUID (0008,0018), not even in its "
                        + "file meta header: a SEG cannot reference it", s.header().file(),
                        "re-export the CT from the PACS or scanner with its UIDs");
            }
            instances.add(uid);
        }
        String study = source.first().studyInstanceUid();
        String series = source.first().seriesInstanceUid();
        List<String> notices = new ArrayList<>();
        Path file = source.first().file();
        if (study.isEmpty()) {
            study = standIn("study", source.first().frameOfReferenceUid(), instances);
            notices.add("the source CT has an empty StudyInstanceUID (0020,000D) (" + file + "); the SEG uses the "
                    + "stand-in " + study + ", derived from the CT's instance UIDs, so it will not join the CT's study "
                    + "in a PACS: re-export the CT with its UIDs for that");
        }
        if (series.isEmpty()) {
            series = standIn("series", source.first().frameOfReferenceUid(), instances);
            notices.add("the source CT has an empty SeriesInstanceUID (0020,000E); the SEG references it as "
                    + series + " (stand-in) and by each slice's SOP Instance UID and position");
        }
        return new SourceUids(study, series, List.copyOf(notices));
    }

    /** {@code 2.25.<decimal of a name-based UUID>}: at most 44 characters. */
    static String standIn(String role, String frameOfReference, TreeSet<String> instances) {
        StringBuilder name = new StringBuilder("liverlens stand-in ").append(role).append('|').append(frameOfReference);
        for (String uid : instances) {
            name.append('|').append(uid);
        }
        return UidGenerator.nameBased(name.toString());
    }
}
