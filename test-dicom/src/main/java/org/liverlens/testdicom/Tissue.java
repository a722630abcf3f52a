package org.liverlens.testdicom;

/**
 * Mean HU of each tissue in each contrast phase (non-contrast, arterial, portal venous, late), before the
 * per-seed jitter of {@link Anatomy}. Values follow typical adult abdominal CT at 120 kVp; the table
 * is reproduced in docs/synthetic-ct.md.
 */
public enum Tissue {
    AIR(-1000, -1000, -1000, -1000),
    LUNG(-850, -850, -850, -850),
    SUBCUTANEOUS_FAT(-100, -100, -100, -100),
    VISCERAL_FAT(-90, -90, -90, -90),
    MUSCLE(45, 50, 55, 55),
    LIVER(60, 75, 110, 95),
    HEPATIC_VEIN(40, 55, 170, 125),
    PORTAL_VEIN(40, 140, 180, 125),
    AORTA(40, 250, 160, 125),
    IVC(40, 90, 150, 120),
    OTHER_VESSEL(40, 150, 150, 120),
    KIDNEY_CORTEX(35, 200, 180, 160),
    KIDNEY_MEDULLA(30, 90, 165, 175),
    RENAL_SINUS_FAT(-80, -80, -80, -80),
    SPLEEN(45, 120, 115, 100),
    PANCREAS(40, 110, 95, 80),
    GALLBLADDER_BILE(8, 8, 8, 8),
    STOMACH_WALL(40, 80, 90, 80),
    BOWEL_WALL(40, 75, 90, 80),
    ENTERIC_FLUID(12, 12, 12, 12),
    FAECES(-40, -40, -40, -40),
    BOWEL_GAS(-950, -950, -950, -950),
    URINE(8, 8, 8, 8),
    MYOCARDIUM(45, 120, 100, 90),
    BLOOD_POOL(40, 250, 160, 125),
    PERICARDIAL_FAT(-70, -70, -70, -70),
    MEDIASTINUM(-40, -30, -30, -30),
    CORTICAL_BONE(850, 850, 850, 850),
    CANCELLOUS_BONE(230, 230, 230, 230),
    RIB(450, 450, 450, 450),
    POSTERIOR_ARCH(550, 550, 550, 550),
    DISC(80, 80, 80, 80),
    CSF(15, 15, 15, 15),
    TABLE_SHELL(250, 250, 250, 250),
    TABLE_CORE(-850, -850, -850, -850);

    private final double nonContrast;
    private final double arterial;
    private final double portalVenous;
    private final double late;

    Tissue(double nonContrast, double arterial, double portalVenous, double late) {
        this.nonContrast = nonContrast;
        this.arterial = arterial;
        this.portalVenous = portalVenous;
        this.late = late;
    }

    /** Nominal HU in the given phase. */
    public double hu(Phase phase) {
        return switch (phase) {
            case NON_CONTRAST -> nonContrast;
            case ARTERIAL -> arterial;
            case PORTAL_VENOUS -> portalVenous;
            case LATE -> late;
        };
    }

    /** How much the seed may move this tissue's HU (uniform ±), so that cases differ like patients do. */
    double jitterHu() {
        return switch (this) {
            case AIR, LUNG, BOWEL_GAS, TABLE_SHELL, TABLE_CORE -> 0;
            case AORTA, BLOOD_POOL, PORTAL_VEIN, HEPATIC_VEIN, IVC, KIDNEY_CORTEX, KIDNEY_MEDULLA -> 20;
            case CORTICAL_BONE -> 120;
            case CANCELLOUS_BONE, RIB, POSTERIOR_ARCH -> 40;
            default -> 6;
        };
    }
}
