package org.liverlens.core.seg;

/**
 * A reference from a SEG to an image it was derived from (Source Image Sequence or Referenced
 * Instance Sequence item).
 *
 * @param frameNumber 1-based Referenced Frame Number (0008,1160), or 0 when absent
 */
public record SourceImageRef(String sopClassUid, String sopInstanceUid, int frameNumber) {
}
