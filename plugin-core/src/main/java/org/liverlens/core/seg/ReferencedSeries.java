package org.liverlens.core.seg;

import java.util.List;

/** One item of a SEG's Referenced Series Sequence (0008,1115): a series and the instances used from it. */
public record ReferencedSeries(String seriesInstanceUid, List<SourceImageRef> instances) {

    public ReferencedSeries {
        instances = List.copyOf(instances);
    }
}
