package org.liverlens.testdicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/**
 * The synthetic generator pinned to stored checksums: a change in the order or number of random
 * draws (or in the rendering) would otherwise silently change every synthetic training and test
 * case. When a change to the generator is intended, update the checksums here and say so in the
 * commit (the trained default model and docs/models.md figures then need a look too).
 */
class GeneratorChecksumTest {
    /** Small, but with lesions, noise and blur, so that every random draw of the generator counts. */
    private static final SyntheticCt.Params SMALL = SyntheticCt.Params.defaults().withSeed(7).withSize(64, 48, 6)
            .withSpacing(6, 10).withRandomLesions(2).withLesionDiameterRange(10, 40);

    @Test
    void seedSevenRendersTheStoredPixelsAndLabels() throws Exception {
        SyntheticCt ct = new SyntheticCt(SMALL);
        SyntheticCt.SliceBuffers b = ct.newBuffers();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteBuffer hu = ByteBuffer.allocate(b.hu.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        long labelled = 0;
        long lesion = 0;
        for (int k = 0; k < SMALL.slices(); k++) {
            ct.renderSlice(k, b);
            hu.clear();
            hu.asShortBuffer().put(b.hu);
            sha.update(hu.array());
            sha.update(b.labels);
            sha.update(b.lesionIds);
            for (byte l : b.labels) {
                labelled += l == Label.LIVER.value() ? 1 : 0;
            }
            for (byte id : b.lesionIds) {
                lesion += id != 0 ? 1 : 0;
            }
        }
        assertTrue(labelled > 500 && lesion > 20, "the small case must show liver and lesions, or the pin would check "
                + "little: " + labelled + " liver and " + lesion + " lesion pixels");
        assertEquals("7e33c561c19c27743dcae01026c6264c6628dffc4c0d98e51c16a627f8a2063d", HexFormat.of().formatHex(sha.digest()),
                "the generator's output for seed 7 changed (HU, labels and lesion ids of " + SMALL + ")");
    }

    @Test
    void trainingCaseSeedDrawsTheStoredParameters() {
        assertEquals("Params[seed=20260101, columns=378, rows=378, slices=135, pixelSpacingMm=1.143, sliceSpacingMm=2.0, "
                + "phase=NON_CONTRAST, lesionCount=5, lesions=[], minLesionDiameterMm=5.0, "
                + "maxLesionDiameterMm=67.88238181633011, noiseSdHu=15.279155205565624, partialVolumeBlur=false, "
                + "patientName=SYNTHETIC^LIVER, patientId=, realism=Realism[randomSeed=2951034176979880160, huSpread=1.0, "
                + "liverShiftHu=-44.543206837279484, liverTextureHu=7.544786075913047, noduleMm=7.5934335789117915, "
                + "stomach=FOOD, stomachFillHu=34.34957076254531, rightHeartMix=1.0, duodenum=true, "
                + "biasFieldHu=13.703334448576433, biasScaleMm=181.4175013061482, kernel=STANDARD, "
                + "gallbladder=Gallbladder[form=DISTENDED, lengthMm=98.1811228907026, widthMm=31.16431107246513, "
                + "bileHu=20.260483731226213, wallMm=2.8967721121153613, wallHu=59.27325188451766], distendedBulb=true]]", SyntheticTrainingCases.params(20260101L).toString(),
                "the parameters a training seed draws changed");
    }
}
