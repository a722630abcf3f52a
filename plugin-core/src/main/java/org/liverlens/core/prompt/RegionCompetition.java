package org.liverlens.core.prompt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;

/**
 * The classical prompt segmenter (no weights): region competition between a lesion model (learned
 * at the clicks or the box's centre) and a parenchyma model (the liver's or the soft-tissue
 * histogram's dominant peak), solved on each slice as a star-shaped outline by dynamic programming
 * over rays ({@link PolarContour}), propagated slice by slice from the click, then both models
 * relearned from the outline and a shell around it and the outlines found again. It stays inside the
 * liver when the liver is known. The search radius grows 40 → 80 → 160 mm while the outline reaches
 * it (the first box sized from the clicks' slice); an outline still open at 160 mm, or covering over
 * half the liver, is a flood and gives an empty result. Negative clicks remove the part of the mask
 * geodesically nearer to them than to the positive clicks. Method, figures and limits: docs/prompt.md.
 *
 * <p>About 480 lines, over the style's 400, knowingly: the search over boxes and scales, one attempt's
 * steps and the corrections share the private {@code Attempt} and the region helpers; the outline
 * ({@link PolarContour}), the models ({@link IntensityModel}) and the cut ({@link GeodesicCut}) are
 * already their own classes. Splitting the box search out is the next step if it grows.
 */
public final class RegionCompetition implements PromptSegmenter {
    /** The Segment Algorithm Name of its lesions in a SEG. */
    public static final String ALGORITHM = "LiverLens prompt (classical region competition)";
    /** Its version in a SEG. */
    public static final String ALGORITHM_VERSION = "1";

    static final double[] HALF_SIZES_MM = {40, 80, 160};
    /** The first search box's half size must be at least this many times the outline's radius on the clicks' slice. */
    private static final double FIRST_BOX_MARGIN = 1.25;
    /** Radius around a correcting click inside which the mask may change. */
    public static final double CORRECTION_RADIUS_MM = 20;
    /** The lesion is first learned in this disk around the click: small enough for a 5 mm lesion. */
    private static final double CLICK_DISK_MM = 2.5;
    /** A fine-scale lesion smaller than a 5 mm ball (0.065 mL) is taken as noise and tried at the coarse scale. */
    private static final double MIN_FINE_ML = 0.065;
    /** Rounds of re-learning both models from the region found and the shell around it. */
    private static final int ROUNDS = 3;
    /** Opening radii tried, widest first. */
    /** Tissue a lesion may cover when the liver is unknown (smoothed HU): not air, fat or bone. */
    private static final double ALLOWED_LOW_HU = -60;
    private static final double ALLOWED_HIGH_HU = 350;
    private static final double SHELL_INNER_MM = 2;
    private static final double SHELL_OUTER_MM = 8;
    private static final double AIR_HU = -150;
    private static final double BONE_HU = 350;

    @Override
    public PromptResult segment(HuVolume ct, BitMask liver, Prompt prompt) {
        return segment(ct, liver, prompt, HALF_SIZES_MM);
    }

    /**
     * The fine scale first; the coarse one when the fine finds no lesion or one under
     * {@link #MIN_FINE_ML}: in real parenchyma texture a faint lesion's outline needs more smoothing.
     */
    private PromptResult segment(HuVolume ct, BitMask liver, Prompt prompt, double[] sizes) {
        PromptResult fine = segment(ct, liver, prompt, sizes, LocalRegion.FINE_SMOOTH_MM);
        boolean refused = fine.isEmpty() && Double.isNaN(fine.lesionHu());
        if (refused || fine.mask().count() * ct.geometry().voxelVolumeMl() >= MIN_FINE_ML) {
            return fine;
        }
        PromptResult coarse = segment(ct, liver, prompt, sizes, LocalRegion.COARSE_SMOOTH_MM);
        return coarse.isEmpty() ? fine : coarse;
    }

    private PromptResult segment(HuVolume ct, BitMask liver, Prompt prompt, double[] sizes, double smoothMm) {
        prompt.inside(ct.geometry());
        BitMask empty = new BitMask(ct.geometry());
        List<Prompt.Click> seeds = new ArrayList<>(prompt.positives());
        if (seeds.isEmpty() && prompt.box() == null) {
            return PromptResult.empty(empty, "only negative clicks were given: they say where the lesion is not; "
                    + "add a positive click on the lesion");
        }
        double[] c = centre(prompt);
        double boxHalfMm = 0;
        if (prompt.box() != null) {
            Prompt.Box b = prompt.box();
            double[] sp = ct.geometry().spacingMm();
            boxHalfMm = Math.max((b.i1() - b.i0()) * sp[0], (b.j1() - b.j0()) * sp[1]) / 2;
            if (seeds.isEmpty()) {
                seeds.add(b.centre());
            }
        }
        for (int s = prompt.box() != null ? 0 : firstBox(ct, liver, prompt, seeds, c, sizes, smoothMm);
                s < sizes.length; s++) {
            double half = prompt.box() != null ? boxHalfMm * 1.5 + 15 : sizes[s];
            LocalRegion r = new LocalRegion(ct, liver, c[0], c[1], c[2], Math.max(half, 25), Math.max(half, 25),
                    smoothMm);
            Attempt a = attempt(r, prompt, seeds, Math.max(half, 25));
            if (a.result != null) {
                return a.result;
            }
            boolean last = s == sizes.length - 1 || prompt.box() != null;
            if (!a.open || last) {
                if (a.open) {
                    return PromptResult.empty(empty, String.format(Locale.ROOT, "the region under the click "
                            + "(%.0f HU against %.0f HU around it) runs out of a %.0f mm box: no bounded lesion there",
                            a.model.lesionHu(), a.model.parenchymaHu(), 2 * half));
                }
                if (liver != null && a.voxels > 0.5 * liver.count()) {
                    return PromptResult.empty(empty, "the region under the click covers over half the liver: no "
                            + "bounded lesion there");
                }
                return new PromptResult(write(r, a.mask, empty), confidence(a.model), a.model.lesionHu(),
                        a.model.parenchymaHu(), null);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /**
     * The first search box to try (index into {@code sizes}). A large lesion's outline reaches the first
     * box, which then ran for nothing before the next (an 80 mm lesion: 40 mm, then 80 mm), or, where
     * the liver's edge clips the lesion, was cut short on a few rays without counting as open. The same
     * method on the clicks' slice alone in the second box (a few ms) gives the outline's radius; the
     * first box is the smallest whose half size is at least {@link #FIRST_BOX_MARGIN} times it. (One
     * slice of the first box is not enough: a lesion that fills it leaves no parenchyma to learn.)
     * Clicks on several slices start with the first box as before, and so does a prompt without the
     * liver: its parenchyma model is the soft-tissue histogram of the box, which changes with the box's
     * size (1720 #1 without its liver: Dice 0.283 in the 40 mm box, nothing found in the 80 mm one).
     */
    int firstBox(HuVolume ct, BitMask liver, Prompt prompt, List<Prompt.Click> seeds, double[] c,
                         double[] sizes, double smoothMm) {
        if (liver == null || sizes.length < 2 || seeds.stream().anyMatch(s -> s.k() != seeds.get(0).k())) {
            return 0;
        }
        LocalRegion r = new LocalRegion(ct, liver, c[0], c[1], c[2], sizes[1], 0, smoothMm);
        Attempt a = attempt(r, prompt, seeds, sizes[1]);
        if (a.result != null || a.mask == null) {
            return 0;
        }
        if (a.open) {
            return Math.min(2, sizes.length - 1);
        }
        double radius = 0;
        for (int y = 0; y < r.ny; y++) {
            for (int x = 0; x < r.nx; x++) {
                if (a.mask[y * r.nx + x] != 0) {
                    double dx = x + r.i0 - c[0];
                    double dy = y + r.j0 - c[1];
                    radius = Math.max(radius, Math.sqrt(dx * dx + dy * dy) * r.pixelMm);
                }
            }
        }
        int s = 0;
        while (s < sizes.length - 1 && sizes[s] < FIRST_BOX_MARGIN * radius) {
            s++;
        }
        return s;
    }

    @Override
    public PromptResult correct(HuVolume ct, BitMask liver, BitMask current, Prompt.Click click, boolean positive) {
        Prompt p = new Prompt(List.of(click), List.of(), null).inside(ct.geometry());
        BitMask out = new BitMask(current.geometry());
        out.addAll(current);
        if (positive) {
            if (current.get(click.i(), click.j(), click.k())) {
                return new PromptResult(out, 1, Double.NaN, Double.NaN, null);
            }
            PromptResult add = segment(ct, liver, p, new double[] {CORRECTION_RADIUS_MM + 5});
            if (add.isEmpty()) {
                return new PromptResult(out, 0, add.lesionHu(), add.parenchymaHu(), add.reason());
            }
            LocalRegion win = window(ct, liver, click);
            win.forEachVoxel((i, j, k, idx) -> {
                if (add.mask().get(i, j, k) && GeodesicCut.nearClick(win, click, i, j, k)) {
                    out.set(i, j, k, true);
                }
            });
            return new PromptResult(out, add.confidence(), add.lesionHu(), add.parenchymaHu(), null);
        }
        if (!current.get(click.i(), click.j(), click.k())) {
            return new PromptResult(out, 1, Double.NaN, Double.NaN, null);
        }
        LocalRegion win = window(ct, liver, click);
        byte[] m = new byte[win.raw.length];
        List<Integer> anchors = new ArrayList<>();
        win.forEachVoxel((i, j, k, idx) -> {
            if (current.get(i, j, k)) {
                m[idx] = 1;
                if (!GeodesicCut.nearClick(win, click, i, j, k)) {
                    anchors.add(idx);
                }
            }
        });
        // What the user keeps: the mask beyond the correction radius and the far half of the mask (from the
        // click), so a click on a spill beside the lesion takes the spill and not the lesion's body.
        anchors.addAll(GeodesicCut.farHalf(win, m, click));
        GeodesicCut.removeNearer(win, m, win.index(click.i(), click.j(), click.k()), anchors);
        win.forEachVoxel((i, j, k, idx) -> {
            if (m[idx] == 0 && current.get(i, j, k)) {
                out.set(i, j, k, false);
            }
        });
        return new PromptResult(out, 1, Double.NaN, Double.NaN, null);
    }

    // ---------------------------------------------------------------- one attempt in one box

    private static final class Attempt {
        PromptResult result;
        IntensityModel model;
        byte[] mask;
        boolean open;
        long voxels;
    }

    private Attempt attempt(LocalRegion r, Prompt prompt, List<Prompt.Click> seeds, double halfMm) {
        Attempt a = new Attempt();
        BitMask empty = new BitMask(r.grid);
        int disk = diskPixels(r);
        int[] idx = new int[seeds.size() * (2 * disk + 1) * (2 * disk + 1) + (prompt.box() == null ? 0
                : (prompt.box().i1() - prompt.box().i0() + 1) * (prompt.box().j1() - prompt.box().j0() + 1))];
        int n = 0;
        List<Integer> starts = new ArrayList<>();
        if (prompt.positives().isEmpty()) {
            // A box alone: the lesion is learned from its central third.
            Prompt.Box b = prompt.box();
            int wi = (b.i1() - b.i0()) / 6;
            int wj = (b.j1() - b.j0()) / 6;
            for (int j = b.centre().j() - wj; j <= b.centre().j() + wj; j++) {
                for (int i = b.centre().i() - wi; i <= b.centre().i() + wi; i++) {
                    idx[n++] = r.index(i, j, b.k());
                }
            }
        } else {
            for (Prompt.Click s : seeds) {
                starts.add(n);
                n = addDisk(r, s, disk, idx, n);
            }
        }
        float[] rawF = new float[r.raw.length];
        for (int q = 0; q < idx.length && q < n; q++) {
            rawF[idx[q]] = r.raw[idx[q]];
        }
        double rawHu = IntensityModel.median(rawF, idx, n);
        if (rawHu < AIR_HU) {
            a.result = PromptResult.empty(empty, String.format(Locale.ROOT, "the click is in air, lung or fat "
                    + "(%.0f HU): no lesion there", rawHu));
            return a;
        }
        if (rawHu > BONE_HU) {
            a.result = PromptResult.empty(empty, String.format(Locale.ROOT, "the click is in bone, contrast or "
                    + "calcium (%.0f HU): no soft-tissue lesion there", rawHu));
            return a;
        }
        for (Prompt.Click s : seeds) {
            if (r.liverKnown && r.liver[r.index(s.i(), s.j(), s.k())] == 0) {
                a.result = PromptResult.empty(empty, "the click " + s + " is outside the liver mask: liver lesions "
                        + "only; click inside the liver, or leave out the liver");
                return a;
            }
        }
        double lesionHu = IntensityModel.median(r.smooth, idx, n);
        byte[] clickArea = new byte[r.raw.length];
        for (int q = 0; q < n; q++) {
            clickArea[idx[q]] = 1;
        }
        byte[] exclude = prompt.box() == null ? clickArea : boxArea(r, prompt.box());
        double[] par = IntensityModel.parenchyma(r, lesionHu, exclude);
        // Several clicks on a heterogeneous lesion: one on a part as dense as the liver must not dilute
        // the others into "normal parenchyma". Each click's own tissue is tried, the most distinct first.
        if (par == null && starts.size() > 1) {
            double[] own = mostDistinctSeed(r, idx, starts, n, exclude);
            if (own != null) {
                lesionHu = own[0];
                par = new double[] {own[1], own[2]};
            }
        }
        if (par == null) {
            a.result = new PromptResult(empty, 0, lesionHu, Double.NaN, ClickTissue.message(lesionHu));
            return a;
        }
        IntensityModel model = new IntensityModel(lesionHu, par[0], par[1]);
        RegionMorphology morph = new RegionMorphology(r);
        byte[] allowed = allowed(r, morph, prompt.box());
        int[] seedIdx = new int[seeds.size()];
        for (int q = 0; q < seeds.size(); q++) {
            seedIdx[q] = r.index(seeds.get(q).i(), seeds.get(q).j(), seeds.get(q).k());
        }
        double radiusMm = prompt.box() == null ? halfMm : boxRadiusMm(r, prompt.box());
        byte[] comp = null;
        for (int round = 0; round < ROUNDS; round++) {
            comp = new byte[r.raw.length];
            a.open = false;
            for (Prompt.Click s : seeds) {
                if (comp[r.index(s.i(), s.j(), s.k())] == 0) {
                    a.open |= PolarContour.propagate(r, allowed, model, s, radiusMm, comp);
                }
            }
            IntensityModel next = relearn(r, morph, comp, allowed, model);
            if (next == null || Math.abs(next.lesionHu() - model.lesionHu()) < 1
                    && Math.abs(next.parenchymaHu() - model.parenchymaHu()) < 1) {
                break;
            }
            model = next;
        }
        a.model = model;
        if (!prompt.negatives().isEmpty()) {
            List<Integer> anchors = new ArrayList<>();
            for (int s : seedIdx) {
                anchors.add(s);
            }
            for (Prompt.Click neg : prompt.negatives()) {
                if (r.contains(neg.i(), neg.j(), neg.k())) {
                    GeodesicCut.removeNearer(r, comp, r.index(neg.i(), neg.j(), neg.k()), anchors);
                }
            }
        }
        long count = 0;
        for (byte b : comp) {
            count += b;
        }
        if (count == 0) {
            a.result = new PromptResult(empty, 0, lesionHu, model.parenchymaHu(), String.format(Locale.ROOT,
                    "no region of lesion-like tissue (%.0f HU against %.0f HU) holds the click", lesionHu,
                    model.parenchymaHu()));
            return a;
        }
        a.mask = comp;
        a.voxels = count;
        return a;
    }

    /** The region indices of the click's disk of {@code disk} pixels' radius, written into idx from n on; the new n. */
    static int addDisk(LocalRegion r, Prompt.Click s, int disk, int[] idx, int n) {
        for (int dj = -disk; dj <= disk; dj++) {
            for (int di = -disk; di <= disk; di++) {
                if (di * di + dj * dj <= disk * disk && r.contains(s.i() + di, s.j() + dj, s.k())) {
                    idx[n++] = r.index(s.i() + di, s.j() + dj, s.k());
                }
            }
        }
        return n;
    }

    /** The click disk's radius in pixels of {@code r}. */
    static int diskPixels(LocalRegion r) {
        return Math.max(1, (int) Math.round(CLICK_DISK_MM / r.pixelMm));
    }

    /**
     * Among the clicks' own disks, the one most distinct from the parenchyma it finds: {lesion HU,
     * parenchyma HU, spread}; null when every click looks like parenchyma.
     */
    private static double[] mostDistinctSeed(LocalRegion r, int[] idx, List<Integer> starts, int n, byte[] exclude) {
        double[] best = null;
        for (int q = 0; q < starts.size(); q++) {
            int from = starts.get(q);
            int to = q + 1 < starts.size() ? starts.get(q + 1) : n;
            double own = IntensityModel.median(r.smooth, Arrays.copyOfRange(idx, from, to), to - from);
            double[] p = IntensityModel.parenchyma(r, own, exclude);
            if (p != null && (best == null || Math.abs(own - p[0]) > Math.abs(best[0] - best[1]))) {
                best = new double[] {own, p[0], p[1]};
            }
        }
        return best;
    }

    /**
     * Both models learned again from the region found (lesion) and a shell 2–8 mm around it inside
     * the liver (parenchyma): local statistics replace the click's and the histogram's first guess.
     * Null when the region or shell is empty or the contrast vanished.
     */
    private static IntensityModel relearn(LocalRegion r, RegionMorphology morph, byte[] comp, byte[] allowed,
                                          IntensityModel model) {
        int in = Math.max(1, (int) Math.round(SHELL_INNER_MM / r.pixelMm));
        int out = Math.max(in + 1, (int) Math.round(SHELL_OUTER_MM / r.pixelMm));
        byte[] inner = morph.dilate(comp, in);
        byte[] outer = morph.dilate(comp, out);
        int[] lesion = new int[comp.length];
        int[] shell = new int[comp.length];
        int nl = 0;
        int ns = 0;
        for (int p = 0; p < comp.length; p++) {
            if (comp[p] != 0) {
                lesion[nl++] = p;
            } else if (outer[p] != 0 && inner[p] == 0 && allowed[p] != 0 && r.liver[p] != 0
                    && r.smooth[p] > IntensityModel.TISSUE_LOW_HU && r.smooth[p] < IntensityModel.TISSUE_HIGH_HU) {
                shell[ns++] = p;
            }
        }
        if (nl == 0 || ns < 20) {
            return null;
        }
        double l = IntensityModel.median(r.smooth, lesion, nl);
        double p = IntensityModel.median(r.smooth, shell, ns);
        if (Math.abs(l - p) < IntensityModel.MIN_CONTRAST_HU || (l < p) != model.hypodense()) {
            return null;
        }
        return new IntensityModel(l, p, model.spreadHu());
    }

    /**
     * Where the outline may run: the liver (dilated 1.5 mm: a lesion on the liver's edge needs the slack,
     * the outline being star-shaped and smooth) or soft tissue, within the box. What it paints is
     * clipped to the liver itself ({@link PolarContour#find}): a liver mask holds its lesions (a manual
     * one does; the CLI adds a SEG's lesion segments to its liver), and until 2026-12-05 the masks kept
     * a rim of up to 1.5 mm outside the liver (0697 #1: Dice 0.585, 0.698 clipped).
     */
    private static byte[] allowed(LocalRegion r, RegionMorphology morph, Prompt.Box box) {
        byte[] a;
        if (r.liverKnown) {
            a = morph.dilate(r.liver, Math.max(1, (int) Math.round(1.5 / r.pixelMm)));
        } else {
            a = new byte[r.raw.length];
            for (int p = 0; p < a.length; p++) {
                a[p] = (byte) (r.smooth[p] > ALLOWED_LOW_HU && r.smooth[p] < ALLOWED_HIGH_HU ? 1 : 0);
            }
        }
        if (box != null) {
            limitToBox(r, a, box);
        }
        return a;
    }

    private static double boxRadiusMm(LocalRegion r, Prompt.Box b) {
        double w = (b.i1() - b.i0()) * r.pixelMm;
        double h = (b.j1() - b.j0()) * r.pixelMm;
        return Math.sqrt(w * w + h * h) / 2 * 1.1;
    }

    private static byte[] boxArea(LocalRegion r, Prompt.Box b) {
        byte[] m = new byte[r.raw.length];
        for (int z = 0; z < r.nz; z++) {
            for (int j = b.j0(); j <= b.j1(); j++) {
                for (int i = b.i0(); i <= b.i1(); i++) {
                    if (r.contains(i, j, z + r.k0)) {
                        m[r.index(i, j, z + r.k0)] = 1;
                    }
                }
            }
        }
        return m;
    }

    private static void limitToBox(LocalRegion r, byte[] cand, Prompt.Box b) {
        int mi = (b.i1() - b.i0()) / 10 + 1;
        int mj = (b.j1() - b.j0()) / 10 + 1;
        for (int z = 0; z < r.nz; z++) {
            for (int y = 0; y < r.ny; y++) {
                for (int x = 0; x < r.nx; x++) {
                    int i = x + r.i0;
                    int j = y + r.j0;
                    if (i < b.i0() - mi || i > b.i1() + mi || j < b.j0() - mj || j > b.j1() + mj) {
                        cand[(z * r.ny + y) * r.nx + x] = 0;
                    }
                }
            }
        }
    }

    private static LocalRegion window(HuVolume ct, BitMask liver, Prompt.Click c) {
        return new LocalRegion(ct, liver, c.i(), c.j(), c.k(), CORRECTION_RADIUS_MM + 2, CORRECTION_RADIUS_MM + 2,
                LocalRegion.COARSE_SMOOTH_MM);
    }

    private static double[] centre(Prompt p) {
        if (p.positives().isEmpty()) {
            Prompt.Click c = p.box() != null ? p.box().centre() : p.negatives().get(0);
            return new double[] {c.i(), c.j(), c.k()};
        }
        double[] c = new double[3];
        for (Prompt.Click s : p.positives()) {
            c[0] += s.i();
            c[1] += s.j();
            c[2] += s.k();
        }
        int n = p.positives().size();
        return new double[] {c[0] / n, c[1] / n, c[2] / n};
    }

    /** Contrast-to-spread z = |lesion − parenchyma| / spread, mapped to z / (z + 2). */
    static double confidence(IntensityModel m) {
        double z = m.contrast() / m.spreadHu();
        return z / (z + 2);
    }

    private static BitMask write(LocalRegion r, byte[] m, BitMask out) {
        for (int z = 0; z < r.nz; z++) {
            for (int y = 0; y < r.ny; y++) {
                int row = (z * r.ny + y) * r.nx;
                for (int x = 0; x < r.nx; x++) {
                    if (m[row + x] != 0) {
                        out.setIndex(z + r.k0, (y + r.j0) * r.grid.columns() + x + r.i0);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public String algorithmName() {
        return ALGORITHM;
    }

    @Override
    public String algorithmVersion() {
        return ALGORITHM_VERSION;
    }
}
