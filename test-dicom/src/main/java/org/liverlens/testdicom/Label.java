package org.liverlens.testdicom;

/**
 * The classes of {@code labels.nrrd}. Values are stable: training code and documentation rely on
 * them. Intrahepatic vessels belong to the liver (as in LiTS); a lesion replaces the liver label.
 */
public enum Label {
    BACKGROUND(0, "background"),
    LIVER(1, "liver"),
    LIVER_LESION(2, "liver lesion"),
    SPLEEN(3, "spleen"),
    KIDNEY_RIGHT(4, "right kidney"),
    KIDNEY_LEFT(5, "left kidney"),
    AORTA(6, "aorta"),
    IVC(7, "inferior vena cava"),
    PORTAL_VEIN(8, "portal and splenic vein (extrahepatic)"),
    BONE(9, "bone (vertebrae, ribs, pelvis)"),
    GALLBLADDER(10, "gallbladder"),
    STOMACH(11, "stomach"),
    PANCREAS(12, "pancreas"),
    BOWEL(13, "bowel (small bowel and colon)"),
    LUNG(14, "lung"),
    BLADDER(15, "urinary bladder");

    private final int value;
    private final String description;

    Label(int value, String description) {
        this.value = value;
        this.description = description;
    }

    /** The voxel value in {@code labels.nrrd}. */
    public int value() {
        return value;
    }

    public String description() {
        return description;
    }

    /** The label with this voxel value. */
    public static Label of(int value) {
        for (Label l : values()) {
            if (l.value == value) {
                return l;
            }
        }
        throw new IllegalArgumentException("no label with value " + value);
    }
}
