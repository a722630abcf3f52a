package org.liverlens.core.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;

/**
 * The rules {@code segment} applies to the network's lesions after post-processing when the package
 * asks for them ({@code postprocess.lesionRules} in model.json): first split merged lesions
 * ({@code outline}, null: no split), then drop the ones that do not look like lesions ({@code filter}),
 * then shrink each lesion's edge to what the CT shows ({@code edge}, null: none). Their thresholds
 * depend on the network, so a package states them; chosen on synthetic seeds, judged on the real
 * cases: docs/models.md, "Lesion rules".
 */
public record LesionRules(LesionOutline outline, LesionFilter filter, LesionEdge edge) {
    /** Split and filter, no edge refinement. */
    public LesionRules(LesionOutline outline, LesionFilter filter) {
        this(outline, filter, null);
    }

    /** Merged lesions are split where cores 4, 6, 8 or 10 mm deep (each at least 0.3 mL) meet at a neck. */
    static final LesionOutline SPLIT_BY_DEPTH = new LesionOutline(new double[] {4, 6, 8, 10}, 0.3, true);
    /**
     * What {@code "lesionRules": true} means (the rules of model 2.0.0, before the vessel rule): split by
     * depth; a lesion stays when the network's peak tumour probability in it reaches 0.98 and liver
     * surrounds at least 60 % of its boundary.
     */
    public static final LesionRules V2_0_0 = new LesionRules(SPLIT_BY_DEPTH, new LesionFilter(0.98, 0, 1, 0.6));

    /** Default of {@code vesselMaxRestHu}, HU. */
    static final double VESSEL_MAX_REST_HU = 10;
    /**
     * Default of {@code vesselMaxRestSpread}: the widest spread of the rest of a vessel-rule lesion, relative to
     * its ring, that is still plain parenchyma (docs/models.md, "The vessel rule").
     */
    static final double VESSEL_MAX_REST_SPREAD = 1.3;
    /** The vessel rule's least share of a lesion on vessels (chosen on synthetic seeds: docs/models.md). */
    static final double VESSEL_MIN_SHARE = 0.04;
    /**
     * The rules {@code train} writes into a new package's model.json (re-choose the probability for new
     * weights): those of 2.0.0 and the vessel rule.
     */
    public static final LesionRules DEFAULT = new LesionRules(SPLIT_BY_DEPTH,
            new LesionFilter(0.98, 0, 1, 0.6, VESSEL_MIN_SHARE, VESSEL_MAX_REST_HU));

    /** Fields of the {@code lesionRules} object; any other is refused. */
    private static final Set<String> FIELDS = Set.of("split", "minPeakProbability", "minLiverSurround",
            "vesselMinShare", "vesselMaxRestHu", "vesselMaxRestSpread", "edgeShellMm", "edgeFraction");
    /** Default of {@code edgeFraction}: a voxel goes back to liver when nearer the liver's level than the core's. */
    static final double EDGE_FRACTION = 0.5;

    /**
     * {@code postprocess.lesionRules}: absent or false, none; true, the rules of model 2.0.0
     * ({@link LesionRules#V2_0_0}); an object, those rules with the thresholds it gives (each optional:
     * {@code split} true, {@code minPeakProbability} 0.98, {@code minLiverSurround} 0.6, and the vessel rule
     * only with {@code vesselMinShare}, its {@code vesselMaxRestHu} 10 and {@code vesselMaxRestSpread} 1.3 by
     * default; the edge refinement
     * only with {@code edgeShellMm}, its {@code edgeFraction} 0.5 by default).
     */
    static LesionRules fromJson(ModelJsonFields f, JsonNode v) {
        String path = "postprocess.lesionRules";
        if (v == null || v.isBoolean()) {
            return v != null && v.asBoolean() ? V2_0_0 : null;
        }
        if (!v.isObject()) {
            throw f.bad(path + " must be true, false or an object of thresholds (docs/models.md, 'Lesion rules')");
        }
        f.onlyKnown(v, path, FIELDS);
        LesionFilter base = V2_0_0.filter();
        boolean split = f.bool(v, "split", path + ".split", true);
        double p = f.number(v, "minPeakProbability", path + ".minPeakProbability", 0, 1, base.minMaxProbability());
        double surround = f.number(v, "minLiverSurround", path + ".minLiverSurround", 0, 1, base.minLiverSurround());
        double share = f.number(v, "vesselMinShare", path + ".vesselMinShare", 0, 1, Double.POSITIVE_INFINITY);
        double rest = f.number(v, "vesselMaxRestHu", path + ".vesselMaxRestHu", 0, ModelLimits.MAX_VESSEL_REST_HU,
                VESSEL_MAX_REST_HU);
        double spread = f.number(v, "vesselMaxRestSpread", path + ".vesselMaxRestSpread", 1, 10, VESSEL_MAX_REST_SPREAD);
        double shell = f.number(v, "edgeShellMm", path + ".edgeShellMm", 0.5, 20, Double.NaN);
        double fraction = f.number(v, "edgeFraction", path + ".edgeFraction", 0.05, 0.95, EDGE_FRACTION);
        if (Double.isNaN(shell) && v.has("edgeFraction")) {
            throw f.bad(path + ".edgeFraction needs " + path + ".edgeShellMm (the shell of each lesion to refine)");
        }
        return new LesionRules(split ? SPLIT_BY_DEPTH : null,
                new LesionFilter(p, 0, 1, surround, share, rest, spread), Double.isNaN(shell) ? null : new LesionEdge(shell, fraction));
    }

    /** The {@code postprocess.lesionRules} object of {@code rules} (null: false), as {@link #fromJson} reads it. */
    static JsonNode toJson(LesionRules rules) {
        JsonNodeFactory n = JsonNodeFactory.instance;
        if (rules == null) {
            return n.booleanNode(false);
        }
        ObjectNode o = n.objectNode();
        o.put("split", rules.outline() != null);
        o.put("minPeakProbability", rules.filter().minMaxProbability());
        o.put("minLiverSurround", rules.filter().minLiverSurround());
        if (rules.filter().vesselMinShare() <= 1) {
            o.put("vesselMinShare", rules.filter().vesselMinShare());
            o.put("vesselMaxRestHu", rules.filter().vesselMaxRestHu());
            o.put("vesselMaxRestSpread", rules.filter().vesselMaxRestSpread());
        }
        if (rules.edge() != null) {
            o.put("edgeShellMm", rules.edge().shellMm());
            o.put("edgeFraction", rules.edge().fraction());
        }
        return o;
    }

    /** The rules on the labels of one CT; a new label volume when anything changed. */
    public LabelVolume apply(HuVolume ct, LabelVolume labels, TumourProbability tumour) {
        LabelVolume out = labels;
        if (outline != null) {
            out = outline.split(out, tumour, LesionFeatures.of(ct, out, tumour, false));
        }
        if (filter != null) {
            out = filter.apply(out, LesionFeatures.of(ct, out, tumour, filter.maxVesselFraction() < 1
                    || filter.minFisher() > 0, filter.vesselMinShare() <= 1));
        }
        if (edge != null) {
            out = edge.apply(ct, out);
        }
        return out;
    }
}
