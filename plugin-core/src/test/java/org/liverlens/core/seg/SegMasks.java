package org.liverlens.core.seg;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Per-segment voxel counts and position checksums, in the form the peer scripts print
 * (plugin-core/src/test/dcmjs/seg-masks.js, pydicom_seg.py): checksum = Σ (p + 1)(k + 1) mod 2³¹ over the
 * mask, p = j·columns + i.
 */
public final class SegMasks {
    private SegMasks() {
    }

    public record Summary(long count, long checksum) {
    }

    public static Map<Integer, Summary> of(SegmentSet set) {
        Map<Integer, Summary> out = new LinkedHashMap<>();
        VolumeGeometry g = set.geometry();
        int n = g.columns() * g.rows();
        for (Segment s : set.segments()) {
            long count = 0;
            long checksum = 0;
            for (int k = 0; k < g.slices(); k++) {
                if (set.type() == SegmentationType.FRACTIONAL) {
                    byte[] v = set.fractional(s.number()).slice(k);
                    for (int p = 0; p < n; p++) {
                        if (v[p] != 0) {
                            count++;
                            checksum = (checksum + (long) (p + 1) * (k + 1) % 2147483648L) % 2147483648L;
                        }
                    }
                } else {
                    BitMask m = set.mask(s.number());
                    for (int p = 0; p < n; p++) {
                        if (m.getIndex(k, p)) {
                            count++;
                            checksum = (checksum + (long) (p + 1) * (k + 1) % 2147483648L) % 2147483648L;
                        }
                    }
                }
            }
            if (count > 0) {
                out.put(s.number(), new Summary(count, checksum));
            }
        }
        return out;
    }

    /** The same summary from a peer's JSON. */
    public static Map<Integer, Summary> of(JsonNode peer) {
        Map<Integer, Summary> out = new LinkedHashMap<>();
        peer.get("segments").fields().forEachRemaining(e -> out.put(Integer.parseInt(e.getKey()),
                new Summary(e.getValue().get("count").asLong(), e.getValue().get("checksum").asLong())));
        return out;
    }
}
