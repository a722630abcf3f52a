package org.liverlens.core.seg;

import com.pixelmed.dicom.TagFromName;

import java.util.ArrayList;
import java.util.List;

import org.liverlens.core.dicom.AttributeReader;

/** One item of a SEG's Referenced Series Sequence (0008,1115): a series and the instances used from it. */
public record ReferencedSeries(String seriesInstanceUid, List<SourceImageRef> instances) {

    public ReferencedSeries {
        instances = List.copyOf(instances);
    }

    /** Reads one item of the Referenced Series Sequence. */
    static ReferencedSeries fromItem(AttributeReader item) {
        List<SourceImageRef> instances = new ArrayList<>();
        int n = item.items(TagFromName.ReferencedInstanceSequence);
        for (int j = 0; j < n; j++) {
            instances.add(SourceImageRef.fromItem(item.item(TagFromName.ReferencedInstanceSequence, j)));
        }
        return new ReferencedSeries(item.string(TagFromName.SeriesInstanceUID), instances);
    }
}
