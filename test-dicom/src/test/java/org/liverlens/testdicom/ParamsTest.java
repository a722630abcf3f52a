package org.liverlens.testdicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ParamsTest {

    @Test
    void defaultsAreTheDocumentedCase() {
        SyntheticCt.Params p = SyntheticCt.Params.defaults();
        assertEquals(512, p.columns());
        assertEquals(512, p.rows());
        assertEquals(120, p.slices());
        assertEquals(0.75, p.pixelSpacingMm());
        assertEquals(2.5, p.sliceSpacingMm());
        assertEquals(Phase.PORTAL_VENOUS, p.phase());
        assertEquals(3, p.lesionCount());
        assertEquals("LLSYN-20261127", p.effectivePatientId());
    }

    @Test
    void invalidValuesAreRefusedWithTheirName() {
        SyntheticCt.Params p = SyntheticCt.Params.defaults();
        assertMessage("columns", () -> p.withSize(8, 64, 10));
        assertMessage("slices", () -> p.withSize(64, 64, 0));
        assertMessage("pixel spacing", () -> p.withSpacing(0, 2.5));
        assertMessage("noise", () -> p.withNoise(-1, true));
        assertMessage("lesion count", () -> p.withRandomLesions(300));
        assertMessage("patient name", () -> p.withPatient("A\\B", "X"));
        assertMessage("random lesion diameters", () -> p.withLesionDiameterRange(30, 10));
        assertMessage("lesion diameter", () -> LesionSpec.random(LesionType.HYPODENSE, 500));
    }

    @Test
    void lesionsThatCannotFitInTheViewFailWithAClearMessage() {
        // a 16 mm wide view through the spine holds no liver
        SyntheticCt.Params p = SyntheticCt.Params.defaults().withSize(16, 16, 4).withSpacing(1, 2)
                .withLesions(List.of(LesionSpec.random(LesionType.HYPODENSE, 20)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SyntheticCt(p));
        assertTrue(e.getMessage().contains("no room for lesion 1"), e.getMessage());
    }

    @Test
    void anExplicitCentreOutsideTheLiverIsRefused() {
        SyntheticCt.Params p = SyntheticCt.Params.defaults().withSize(64, 64, 16).withSpacing(6, 10)
                .withLesions(List.of(new LesionSpec(LesionType.HYPERDENSE, 20, 160, new double[] {0, 40, 0})));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SyntheticCt(p));
        assertTrue(e.getMessage().contains("lesion 1"), e.getMessage());
    }

    @Test
    void anExplicitCentreInsideTheLiverIsKept() {
        SyntheticCt.Params p = SyntheticCt.Params.defaults().withSize(64, 64, 16).withSpacing(6, 10)
                .withLesions(List.of(new LesionSpec(LesionType.HYPERDENSE, 20, 160, new double[] {-80, 0, 30})));
        SyntheticCt ct = new SyntheticCt(p);
        assertEquals(-80, ct.lesions().get(0).centreMm()[0]);
        assertEquals(160, ct.lesions().get(0).hu());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(expected), "message '" + x.getMessage() + "' should name " + expected);
    }
}
