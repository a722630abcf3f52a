package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.liverlens.core.work.InvalidInputException;

/**
 * {@code postprocess.lesionRules} of model.json ({@link LesionRules#fromJson}): false or absent, none;
 * true, the rules of 2.0.0; an object, its thresholds, each checked like every other field.
 */
class LesionRulesJsonTest {
    private static final ModelJsonFields FIELDS = new ModelJsonFields(Path.of("pkg/model.json"));

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void anObjectGivesItsThresholds() throws Exception {
        LesionRules r = LesionRules.fromJson(FIELDS, json("{\"split\": false, \"minPeakProbability\": 0.9, "
                + "\"minLiverSurround\": 0.5, \"vesselMinShare\": 0.1, \"vesselMaxRestHu\": 15}"));
        assertNull(r.outline(), "no split");
        assertEquals(new LesionFilter(0.9, 0, 1, 0.5, 0.1, 15), r.filter());
        assertEquals(LesionRules.VESSEL_MAX_REST_SPREAD, r.filter().vesselMaxRestSpread(), "the spread's default");
    }

    @Test
    void theRestSpreadOfTheVesselRuleIsReadAndBoundedBelowByOne() throws Exception {
        LesionRules r = LesionRules.fromJson(FIELDS, json("{\"vesselMinShare\": 0.04, \"vesselMaxRestSpread\": 2}"));
        assertEquals(2, r.filter().vesselMaxRestSpread());
        assertEquals(r, LesionRules.fromJson(FIELDS, json(LesionRules.toJson(r).toString())));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LesionRules.fromJson(FIELDS, json("{\"vesselMinShare\": 0.04, \"vesselMaxRestSpread\": 0.5}")));
        assertTrue(e.getMessage().contains("postprocess.lesionRules.vesselMaxRestSpread is 0.5"), e.getMessage());
    }

    @Test
    void trueMeansTheRulesOfModel200AndFalseNone() throws Exception {
        assertEquals(LesionRules.V2_0_0, LesionRules.fromJson(FIELDS, json("true")));
        assertNull(LesionRules.fromJson(FIELDS, json("false")));
        assertNull(LesionRules.fromJson(FIELDS, null));
    }

    @Test
    void withoutAVesselShareTheVesselRuleIsOff() throws Exception {
        LesionRules r = LesionRules.fromJson(FIELDS, json("{\"minPeakProbability\": 0.95}"));
        assertEquals(LesionRules.SPLIT_BY_DEPTH, r.outline());
        assertTrue(r.filter().vesselMinShare() > 1, "vessel rule off: " + r.filter());
        assertEquals(0.6, r.filter().minLiverSurround());
    }

    @Test
    void whatIsWrittenIsReadBack() throws Exception {
        JsonNode written = LesionRules.toJson(LesionRules.DEFAULT);
        assertEquals(LesionRules.DEFAULT, LesionRules.fromJson(FIELDS, json(written.toString())));
    }

    @Test
    void aMisspeltThresholdIsRefusedWithItsName() throws Exception {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LesionRules.fromJson(FIELDS, json("{\"minPeakProbabilty\": 0.9}")));
        assertTrue(e.getMessage().contains("minPeakProbabilty") && e.getMessage().contains("postprocess.lesionRules"),
                e.getMessage());
    }

    @Test
    void aProbabilityAboveOneIsRefusedWithTheRange() throws Exception {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LesionRules.fromJson(FIELDS, json("{\"minPeakProbability\": 1.5}")));
        assertTrue(e.getMessage().contains("postprocess.lesionRules.minPeakProbability is 1.5"), e.getMessage());
    }

    @Test
    void anEdgeShellTurnsTheEdgeRefinementOnAndIsReadBack() throws Exception {
        LesionRules r = LesionRules.fromJson(FIELDS, json("{\"edgeShellMm\": 4}"));
        assertEquals(new LesionEdge(4, LesionRules.EDGE_FRACTION), r.edge());
        assertNull(LesionRules.fromJson(FIELDS, json("{\"minPeakProbability\": 0.95}")).edge(), "off without a shell");
        LesionRules both = LesionRules.fromJson(FIELDS, json("{\"edgeShellMm\": 3, \"edgeFraction\": 0.4}"));
        assertEquals(both, LesionRules.fromJson(FIELDS, json(LesionRules.toJson(both).toString())));
    }

    @Test
    void anEdgeFractionWithoutAShellIsRefused() throws Exception {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LesionRules.fromJson(FIELDS, json("{\"edgeFraction\": 0.4}")));
        assertTrue(e.getMessage().contains("edgeShellMm"), e.getMessage());
    }
}
