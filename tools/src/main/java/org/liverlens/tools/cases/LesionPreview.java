package org.liverlens.tools.cases;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.synth.Appearance;
import org.liverlens.core.synth.InsertedLesion;
import org.liverlens.core.synth.LesionModel;
import org.liverlens.core.synth.LesionSynthesis;
import org.liverlens.core.synth.VesselMask;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;

/**
 * The realism figure of docs/synthetic-ct.md: synthesised lesions of each appearance in the licensed
 * real livers, next to the radcttaceomics cases' real tumours (their manual SEG), axial, 100 mm
 * square, window W 400 L 50. Usage: {@code LesionPreview <test-data> <out.png>}.
 */
public final class LesionPreview {
    private static final double FIELD_MM = 100;
    private static final int TILE = 150;

    private LesionPreview() {
    }

    public static void main(String[] args) throws Exception {
        Path testData = Path.of(args[0]);
        List<BufferedImage> tiles = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        RealCases cases = new RealCases();
        List<LabelledCt> training = cases.training(testData);
        Appearance[] kinds = {Appearance.HYPODENSE, Appearance.HYPERENHANCING, Appearance.WASHOUT,
                Appearance.RIM_ENHANCING, Appearance.NECROTIC, Appearance.CALCIFIED};
        double[] diameters = {30, 18, 35, 40, 55, 35};
        SplittableRandom r = new SplittableRandom(14);
        int n = 0;
        for (LabelledCt c : training) {
            if (!c.name().startsWith("totalsegmentator")) {
                continue;
            }
            for (int t = 0; t < 3; t++, n++) {
                Appearance a = kinds[n % kinds.length];
                HuVolume ct = copy(c.ct());
                BitMask liver = mask(c, Segmenter.LIVER);
                BitMask vessels = VesselMask.of(ct, liver);
                LesionModel typical = LesionModel.typical(diameters[n % kinds.length], a);
                LesionModel m = new LesionModel(typical.diameterMm(), a, typical.contrastHu(), 0.25,
                        n % 2 == 0 ? 0.5 : 4, 0.8);
                double[] centre = LesionSynthesis.chooseCentre(liver, vessels, Math.min(m.diameterMm(), 20), r);
                if (centre == null) {
                    continue;
                }
                InsertedLesion l = LesionSynthesis.insert(ct, liver, vessels, centre, m, r.nextLong());
                tiles.add(tile(ct, (int) centre[2], centre[0], centre[1]));
                captions.add("synth " + a.name().toLowerCase() + " " + (int) m.diameterMm() + " mm");
                System.out.printf("%s in %s: parenchyma %.0f HU sd %.0f, lesion mean %.0f HU%n", a, c.name(),
                        l.parenchymaHu(), l.parenchymaSdHu(), l.lesionMeanHu());
            }
        }
        for (String id : List.of("0697", "1720")) {
            LabelledCt c = RealCases.radcttaceomics(testData.resolve("radcttaceomics").resolve(id), id);
            BitMask tumour = mask(c, Segmenter.TUMOUR);
            int best = -1;
            long most = 0;
            for (int k = 0; k < c.ct().geometry().slices(); k++) {
                if (tumour.countSlice(k) > most) {
                    most = tumour.countSlice(k);
                    best = k;
                }
            }
            for (int dk : new int[] {0, -2}) {
                int k = best + dk;
                double[] centroid = tumour.sliceCentroid(k);
                if (!Double.isNaN(centroid[0])) {
                    tiles.add(tile(c.ct(), k, centroid[0], centroid[1]));
                    captions.add("real radcttaceomics " + id + " k" + k);
                }
            }
        }
        int cols = 4;
        int rowsN = (tiles.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cols * TILE, rowsN * (TILE + 14), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int t = 0; t < tiles.size(); t++) {
            int x = (t % cols) * TILE;
            int y = (t / cols) * (TILE + 14);
            g.drawImage(tiles.get(t), x, y + 14, null);
            g.setColor(Color.WHITE);
            g.drawString(captions.get(t), x + 3, y + 11);
        }
        g.dispose();
        Files.createDirectories(Path.of(args[1]).toAbsolutePath().getParent());
        ImageIO.write(out, "png", Path.of(args[1]).toFile());
    }

    private static BufferedImage tile(HuVolume ct, int k, double ci, double cj) {
        double[] sp = ct.geometry().spacingMm();
        BufferedImage img = new BufferedImage(TILE, TILE, BufferedImage.TYPE_BYTE_GRAY);
        for (int v = 0; v < TILE; v++) {
            for (int u = 0; u < TILE; u++) {
                double i = ci + (u - TILE / 2.0) * FIELD_MM / TILE / sp[0];
                double j = cj + (v - TILE / 2.0) * FIELD_MM / TILE / sp[1];
                int ii = (int) Math.round(i);
                int jj = (int) Math.round(j);
                double hu = ct.geometry().contains(ii, jj, k) ? ct.get(ii, jj, k) : -1000;
                int grey = (int) Math.max(0, Math.min(255, (hu - (50 - 200)) / 400 * 255));
                img.getRaster().setSample(u, v, 0, grey);
            }
        }
        return img;
    }


    private static BitMask mask(LabelledCt c, int label) {
        BitMask m = new BitMask(c.ct().geometry());
        for (int k = 0; k < c.ct().geometry().slices(); k++) {
            if (c.labels().isSliceEmpty(k)) {
                continue;
            }
            short[] s = c.labels().slice(k);
            for (int p = 0; p < s.length; p++) {
                if (s[p] == label) {
                    m.setIndex(k, p);
                }
            }
        }
        return m;
    }

    private static HuVolume copy(HuVolume v) {
        HuVolume c = HuVolume.allocate(v.geometry(), (short) 0);
        for (int k = 0; k < v.geometry().slices(); k++) {
            System.arraycopy(v.slice(k), 0, c.slice(k), 0, v.slice(k).length);
        }
        return c;
    }
}
