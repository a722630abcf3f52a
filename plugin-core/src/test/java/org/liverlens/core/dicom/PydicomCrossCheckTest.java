package org.liverlens.core.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liverlens.core.Peers;
import org.liverlens.core.TestData;
import org.liverlens.core.volume.HuVolume;

/** Our HU volumes equal what pydicom (Debian's, an independent reader) makes of the same files. */
class PydicomCrossCheckTest {
    @ParameterizedTest
    @ValueSource(strings = {"radcttaceomics/0697/31_EQP_Ax5.00mm", "radcttaceomics/1720/31_EQP_Ax5.00mm",
        "totalsegmentator/derived/example_ct_dicom_explicit_vr_le"})
    void volumeMatchesPydicomSliceBySlice(String relative) throws Exception {
        Path dir = TestData.path(relative);
        JsonNode ref = pydicom(dir);
        HuVolume v = Volumes.load(dir);
        assertEquals(ref.get("shape").get(0).asInt(), v.geometry().slices());
        assertEquals(ref.get("shape").get(1).asInt(), v.geometry().rows());
        assertEquals(ref.get("shape").get(2).asInt(), v.geometry().columns());
        for (int k = 0; k < v.geometry().slices(); k++) {
            long sum = 0;
            for (short x : v.slice(k)) {
                sum += x;
            }
            assertEquals(ref.get("sliceSums").get(k).asLong(), sum, "HU sum of slice k=" + k);
        }
        short[] range = v.range();
        assertEquals(ref.get("min").asInt(), range[0]);
        assertEquals(ref.get("max").asInt(), range[1]);
    }

    static JsonNode pydicom(Path dir) throws Exception {
        return Peers.pydicom("/org/liverlens/core/cli/pydicom_ct.py", "summary", dir.toString());
    }
}
