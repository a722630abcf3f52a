package org.liverlens.testdicom;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How far a synthetic case departs from the fixed fixture rendering: the hard negatives and the
 * domain randomisation (SynthSeg-like) that training and evaluation cases draw per seed, while
 * fixtures and the demo keep {@link #FIXTURE}, which changes no byte of the old anatomy.
 *
 * @param randomSeed     seed of the per-tissue HU draws (0 with {@link #FIXTURE})
 * @param huSpread       0: tissue HU are the table's ± jitter; 1: each tissue also moves within its
 *                       phase range ({@link #huOffset})
 * @param liverShiftHu   added to the liver parenchyma (fatty liver: −70..0, may fall below the spleen)
 * @param liverTextureHu amplitude of the heterogeneous/nodular parenchyma texture (0 = homogeneous)
 * @param noduleMm       size of the texture's nodules (regenerative nodules 3..12 mm)
 * @param stomach        what the stomach holds
 * @param stomachFillHu  HU of the stomach contents (fluid, positive contrast or food)
 * @param rightHeartMix  0..1: right-heart blood HU between the IVC (0) and the left heart (1); the
 *                       chambers are split only when this is below 1 (arterial mixing)
 * @param duodenum       whether a fluid-filled duodenal C-loop is drawn round the pancreatic head
 * @param biasFieldHu    amplitude of a smooth additive bias field over the body (0 = none)
 * @param biasScaleMm    its spatial scale
 * @param kernel         reconstruction kernel that shapes the noise texture
 * @param gallbladder    the gallbladder's form, size, bile and wall (a fluid organ against the liver:
 *                       background, a hard negative for lesions)
 * @param distendedBulb  whether a distended, fluid-filled duodenal bulb and descending duodenum indent
 *                       the liver's inferior surface medially (background, a hard negative)
 */
public record Realism(long randomSeed, double huSpread, double liverShiftHu, double liverTextureHu, double noduleMm,
                      StomachContent stomach, double stomachFillHu, double rightHeartMix, boolean duodenum,
                      double biasFieldHu, double biasScaleMm, Kernel kernel, Gallbladder gallbladder,
                      boolean distendedBulb) {

    /** The fixture rendering: exactly the anatomy and noise of the tests' expected figures. */
    public static final Realism FIXTURE = new Realism(0, 0, 0, 0, 8, StomachContent.FLUID_AND_GAS,
            Double.NaN, 1, false, 0, 150, Kernel.STANDARD, Gallbladder.FIXTURE, false);

    /**
     * The gallbladder of a case. {@link Form#FIXTURE} is the fixture's ellipsoid of bile (its size drawn by
     * the anatomy); the other forms are drawn per case: a distended pear 70–100 × 28–40 mm, a contracted
     * one 35–60 × 12–20 mm with a thick wall, or none (cholecystectomy).
     *
     * @param lengthMm neck to fundus
     * @param widthMm  the fundus' diameter
     * @param bileHu   the lumen (0–25 HU: fluid)
     * @param wallMm   wall thickness
     * @param wallHu   wall density (enhancing or thickened walls are denser than bile)
     */
    public record Gallbladder(Form form, double lengthMm, double widthMm, double bileHu, double wallMm, double wallHu) {
        /** The fixture's gallbladder. */
        public static final Gallbladder FIXTURE = new Gallbladder(Form.FIXTURE, 0, 0, 0, 0, 0);

        /** The gallbladder's form. */
        public enum Form { FIXTURE, DISTENDED, CONTRACTED, ABSENT }

        public Gallbladder {
            check(form != null, "the gallbladder's form is required");
            check(form == Form.FIXTURE || form == Form.ABSENT || lengthMm >= 20 && lengthMm <= 140 && widthMm >= 6
                    && widthMm <= lengthMm && wallMm >= 0.5 && wallMm < widthMm / 2 && bileHu >= -20 && bileHu <= 60,
                    "gallbladder " + lengthMm + " x " + widthMm + " mm, wall " + wallMm + " mm, bile " + bileHu
                            + " HU out of range");
        }

        /** A gallbladder drawn from its own stream of {@code seed} (the other draws of the case stay as they were). */
        static Gallbladder random(long seed) {
            SplittableRandom r = new SplittableRandom(SyntheticCt.mix(seed, 0x6A11B1L));
            double u = r.nextDouble();
            double bile = r.nextDouble(0, 25);
            boolean denseWall = r.nextDouble() < 0.3;
            if (u < 0.65) {
                return new Gallbladder(Form.DISTENDED, r.nextDouble(70, 100), r.nextDouble(28, 40), bile,
                        r.nextDouble(1.5, 3), denseWall ? r.nextDouble(80, 130) : bile + r.nextDouble(15, 40));
            }
            if (u < 0.85) {
                return new Gallbladder(Form.CONTRACTED, r.nextDouble(35, 60), r.nextDouble(12, 20), bile,
                        r.nextDouble(3, 5.5), r.nextDouble(40, 110));
            }
            return new Gallbladder(Form.ABSENT, 0, 0, 0, 0, 0);
        }
    }

    /** What the stomach contains. */
    public enum StomachContent {
        /** Water-density fluid with an anterior gas cap (the fixture). */
        FLUID_AND_GAS,
        /** Positive oral contrast (200–400 HU) with an air–fluid level. */
        POSITIVE_CONTRAST,
        /** Food: soft-tissue density (25–70 HU) mottled by the texture field, small gas cap. */
        FOOD,
        /** Distended with air: a thin fluid layer dependent, gas above. */
        GAS
    }

    /** Reconstruction kernel: the noise texture (and whether the image is smoothed). */
    public enum Kernel {
        /** [1 2 1]/4-correlated noise (the fixture). */
        STANDARD,
        /** Soft tissue kernel / iterative reconstruction: blotchy noise correlated over ~2 pixels. */
        SMOOTH,
        /** Bone/lung (sharp) kernel: fine-grained, uncorrelated noise. */
        SHARP
    }

    public Realism {
        check(huSpread >= 0 && huSpread <= 1, "HU spread must be 0..1, got " + huSpread);
        check(liverShiftHu >= -120 && liverShiftHu <= 60, "liver shift must be -120..60 HU, got " + liverShiftHu);
        check(liverTextureHu >= 0 && liverTextureHu <= 60, "liver texture must be 0..60 HU, got " + liverTextureHu);
        check(noduleMm >= 1 && noduleMm <= 50, "nodule size must be 1..50 mm, got " + noduleMm);
        check(stomach != null && kernel != null, "stomach content and kernel are required");
        check(rightHeartMix >= 0 && rightHeartMix <= 1, "right-heart mix must be 0..1, got " + rightHeartMix);
        check(biasFieldHu >= 0 && biasFieldHu <= 100, "bias field must be 0..100 HU, got " + biasFieldHu);
        check(biasScaleMm >= 20 && biasScaleMm <= 1000, "bias scale must be 20..1000 mm, got " + biasScaleMm);
        check(gallbladder != null, "the gallbladder is required");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** This rendering with another gallbladder. */
    public Realism withGallbladder(Gallbladder g) {
        return new Realism(randomSeed, huSpread, liverShiftHu, liverTextureHu, noduleMm, stomach, stomachFillHu,
                rightHeartMix, duodenum, biasFieldHu, biasScaleMm, kernel, g, distendedBulb);
    }

    /** This rendering with or without the distended duodenal bulb. */
    public Realism withDistendedBulb(boolean bulb) {
        return new Realism(randomSeed, huSpread, liverShiftHu, liverTextureHu, noduleMm, stomach, stomachFillHu,
                rightHeartMix, duodenum, biasFieldHu, biasScaleMm, kernel, gallbladder, bulb);
    }

    /** True for the fixture rendering (no extra draw, no extra structure). */
    public boolean fixture() {
        return equals(FIXTURE);
    }

    /**
     * A randomised rendering for training and evaluation, drawn from {@code seed} alone for the given
     * phase. A quarter of the livers are fatty, a third heterogeneous or nodular; the stomach holds
     * fluid, positive contrast, food or air; arterial cases split the heart into a bright left heart
     * and a mixing right heart. The gallbladder (distended, contracted or absent) and the distended
     * duodenal bulb come from their own stream, so adding them changed no other draw of a seed.
     */
    public static Realism random(long seed, Phase phase) {
        SplittableRandom r = new SplittableRandom(SyntheticCt.mix(seed, 0x4EA115L));
        double fatty = r.nextDouble() < 0.25 ? -r.nextDouble(15, 70) : r.nextDouble(-8, 8);
        double texture = r.nextDouble() < 0.35 ? r.nextDouble(6, 22) : r.nextDouble(0, 4);
        double nodule = r.nextDouble(3, 12);
        StomachContent[] contents = StomachContent.values();
        StomachContent stomach = contents[r.nextInt(contents.length)];
        double fill = switch (stomach) {
            case FLUID_AND_GAS, GAS -> r.nextDouble(0, 25);
            case POSITIVE_CONTRAST -> r.nextDouble(200, 400);
            case FOOD -> r.nextDouble(25, 70);
        };
        double mix = phase == Phase.ARTERIAL ? r.nextDouble(0.2, 0.9) : 1;
        boolean duodenum = r.nextDouble() < 0.8;
        double bias = r.nextDouble(0, 30);
        double biasScale = r.nextDouble(80, 250);
        Kernel kernel = Kernel.values()[r.nextInt(Kernel.values().length)];
        long renderSeed = r.nextLong();
        boolean bulb = new SplittableRandom(SyntheticCt.mix(seed, 0xB0B1L)).nextDouble() < 0.35;
        return new Realism(renderSeed, 1, fatty, texture, nodule, stomach, fill, mix, duodenum, bias, biasScale,
                kernel, Gallbladder.random(seed), bulb);
    }

    /**
     * The extra HU offset of tissue {@code t} in this case, inside the range the phase allows
     * (SynthSeg-like: each case its own contrast). Enhancing blood in the arterial phase reaches
     * 250–400 HU; the arterial stomach wall (rugal enhancement) and kidney cortex vary widely.
     */
    double huOffset(Tissue t, Phase phase) {
        if (huSpread == 0) {
            return 0;
        }
        SplittableRandom r = new SplittableRandom(SyntheticCt.mix(randomSeed, 0x70000L + t.ordinal()));
        double u = r.nextDouble();
        double[] range = switch (t) {
            case AIR, BOWEL_GAS, TABLE_SHELL, TABLE_CORE -> new double[] {0, 0};
            case LUNG -> new double[] {-60, 60};
            case AORTA, BLOOD_POOL -> phase == Phase.ARTERIAL ? new double[] {0, 150} : new double[] {-30, 40};
            case PORTAL_VEIN, HEPATIC_VEIN, IVC, OTHER_VESSEL -> phase == Phase.NON_CONTRAST
                    ? new double[] {-10, 10} : new double[] {-40, 50};
            case KIDNEY_CORTEX, KIDNEY_MEDULLA -> phase == Phase.NON_CONTRAST ? new double[] {-8, 8} : new double[] {-40, 50};
            case STOMACH_WALL, BOWEL_WALL -> phase == Phase.ARTERIAL ? new double[] {-10, 50} : new double[] {-15, 25};
            case SPLEEN, PANCREAS, MYOCARDIUM -> phase == Phase.NON_CONTRAST ? new double[] {-8, 8} : new double[] {-25, 25};
            case LIVER -> phase == Phase.NON_CONTRAST ? new double[] {-8, 8} : new double[] {-20, 20};
            case CORTICAL_BONE, CANCELLOUS_BONE, RIB, POSTERIOR_ARCH -> new double[] {-60, 60};
            case SUBCUTANEOUS_FAT, VISCERAL_FAT, RENAL_SINUS_FAT, PERICARDIAL_FAT -> new double[] {-20, 15};
            default -> new double[] {-10, 10};
        };
        return huSpread * (range[0] + u * (range[1] - range[0]));
    }

    /** A short description for logs. */
    public String describe() {
        if (fixture()) {
            return "fixture rendering";
        }
        return String.format(Locale.ROOT, "randomised: liver %+.0f HU, texture %.0f HU/%.0f mm, stomach %s, "
                        + "right heart mix %.2f, bias %.0f HU, %s kernel, gallbladder %s%s", liverShiftHu, liverTextureHu,
                noduleMm, stomach.name().toLowerCase(Locale.ROOT), rightHeartMix, biasFieldHu,
                kernel.name().toLowerCase(Locale.ROOT), gallbladder.form().name().toLowerCase(Locale.ROOT),
                distendedBulb ? ", distended duodenal bulb" : "");
    }
}
