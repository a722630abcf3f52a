package org.liverlens.tools.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.liverlens.core.TestData;

/**
 * Removal where the truth is known, on real CT: lesion shapes placed on healthy liver of radcttaceomics
 * 1720 are "removed" by the classical backend, and each fill is compared with the voxels that were
 * there. Its mean lies within 6 HU of the truth's and its SD within 0.6-1.4 × the truth's (measured on
 * the four real series: mean |fill − truth| 2.6 HU, SD ratio 0.88 on average; docs/models.md). A fill
 * that missed the liver's level or noise would fail. One model run (the liver) and three fills.
 */
class HealthyFillTest {
    @Test
    void classicalFillsOfHealthyRealLiverMatchTheVoxelsThatWereThere() {
        Path dir = TestData.path("radcttaceomics/1720/31_EQP_Ax5.00mm");
        Path seg = TestData.path("radcttaceomics/1720/31_EQP_Ax5.00mm_ManualROI_Tumor.dcm");
        List<PatchClassifier.CasePatches> patches = new ArrayList<>();
        Map<String, Object> out = new RealCaseEvaluation("classical").healthy(dir, seg, 3, 7000, patches);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fills = (List<Map<String, Object>>) out.get("healthyFills");
        System.out.println(fills);
        assertEquals(3, fills.size(), "three healthy places filled");
        for (Map<String, Object> f : fills) {
            double truth = (Double) f.get("truthMeanHu");
            double fill = (Double) f.get("fillMeanHu");
            double ratio = (Double) f.get("fillSdHu") / (Double) f.get("truthSdHu");
            assertTrue(Math.abs(fill - truth) < 6, "fill mean " + fill + " vs truth " + truth);
            assertTrue(ratio > 0.6 && ratio < 1.4, "fill SD / truth SD " + ratio);
        }
        assertEquals(1, patches.size());
        assertTrue(patches.get(0).edited().size() >= 10, "patches " + patches.get(0).edited().size());
        assertTrue(patches.get(0).nativePatches().size() >= 0.9 * patches.get(0).edited().size(),
                "native twins " + patches.get(0).nativePatches().size() + " for " + patches.get(0).edited().size());
    }
}
