package org.liverlens.core.seg;

import com.pixelmed.dicom.TagFromName;

import org.liverlens.core.dicom.AttributeReader;

/**
 * A reference from a SEG to an image it was derived from (Source Image Sequence or Referenced
 * Instance Sequence item).
 *
 * @param frameNumber 1-based Referenced Frame Number (0008,1160), or 0 when absent
 */
public record SourceImageRef(String sopClassUid, String sopInstanceUid, int frameNumber) {

    /** Reads one Source Image Sequence or Referenced Instance Sequence item. */
    static SourceImageRef fromItem(AttributeReader item) {
        return new SourceImageRef(item.string(TagFromName.ReferencedSOPClassUID),
                item.string(TagFromName.ReferencedSOPInstanceUID), item.integer(TagFromName.ReferencedFrameNumber, 0));
    }
}
