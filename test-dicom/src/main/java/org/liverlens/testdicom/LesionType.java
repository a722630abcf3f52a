package org.liverlens.testdicom;

/** Whether a lesion is darker or brighter than the liver around it. */
public enum LesionType {
    /** Darker than liver (cyst, metastasis in portal venous phase): 20..50 HU when drawn at random. */
    HYPODENSE("hypo", 20, 50),
    /** Brighter than liver (HCC, haemangioma, hypervascular metastasis): 140..180 HU when drawn at random. */
    HYPERDENSE("hyper", 140, 180);

    private final String shortName;
    private final double minHu;
    private final double maxHu;

    LesionType(String shortName, double minHu, double maxHu) {
        this.shortName = shortName;
        this.minHu = minHu;
        this.maxHu = maxHu;
    }

    /** {@code hypo} or {@code hyper}, as written to truth.json. */
    public String shortName() {
        return shortName;
    }

    /** Lowest HU drawn for a random lesion of this type. */
    public double minHu() {
        return minHu;
    }

    /** Highest HU drawn for a random lesion of this type. */
    public double maxHu() {
        return maxHu;
    }
}
