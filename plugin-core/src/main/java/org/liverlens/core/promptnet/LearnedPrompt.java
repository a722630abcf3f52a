package org.liverlens.core.promptnet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

import org.liverlens.core.dicom.Datasets;
import org.liverlens.core.prompt.ClickTissue;
import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.prompt.PromptResult;
import org.liverlens.core.prompt.PromptSegmenter;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.Components;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * The learned prompt segmenter: a small 2.5D network ({@link PromptNet}) run slice by slice. On the
 * prompt's slice the crop's pixel size is chosen from the lesion the network finds there (first at
 * {@link #FIRST_PIXEL_MM} mm, then so that the lesion spans about {@link #LESION_SHARE} of the crop,
 * and recentred on it); then the mask is propagated up and down the slices, each slice given the
 * mask of the slice before as a channel, until the network finds nothing. Slices between the ones
 * it ran on (thin-slice CT: it steps about {@code sliceStepMm}) take the interpolated probability.
 * The same guarantees as the classical method (docs/prompt.md): prompts outside the series are
 * refused; negative clicks only, clicks in air or bone, outside the liver, or on tissue where the
 * network sees no lesion give an empty result with a reason; the mask stays inside the liver when
 * it is known and a region covering over half the liver, or still growing at the crop's edge at the
 * largest pixel size, or over {@link #MAX_EXTENT_MM} mm long, is refused as a flood.
 */
public final class LearnedPrompt implements PromptSegmenter {
    static final double FIRST_PIXEL_MM = 1.0;
    /** The lesion's diameter as a share of the crop's width once the pixel size is chosen. */
    static final double LESION_SHARE = 0.45;
    static final double MAX_EXTENT_MM = 200;
    /** A slice whose mask is over this many times the slice before's ends the propagation (a leak). */
    static final double MAX_GROWTH = 2.5;
    /** Radius around a correcting click inside which the mask may change (as the classical method's). */
    public static final double CORRECTION_RADIUS_MM = 20;
    private static final double CLICK_DISK_MM = 2.5;
    private static final double AIR_HU = -150;
    private static final double BONE_HU = 350;

    private final PromptNet net;

    /** The shipped network. */
    public LearnedPrompt() {
        this(PromptNet.shipped());
    }

    public LearnedPrompt(PromptNet net) {
        this.net = net;
    }

    /**
     * The network of the package folder {@code folder}, or the shipped one when it is null or blank
     * (the evaluation tests take {@code -Dliverlens.promptModel=DIR} to score a checkpoint).
     */
    public static LearnedPrompt shippedOr(String folder) {
        return new LearnedPrompt(folder == null || folder.isBlank() ? PromptNet.shipped()
                : PromptNet.open(java.nio.file.Path.of(folder)));
    }

    public PromptNet network() {
        return net;
    }

    @Override
    public PromptResult segment(HuVolume ct, BitMask liver, Prompt prompt) {
        VolumeGeometry g = ct.geometry();
        prompt.inside(g);
        BitMask empty = new BitMask(g);
        if (prompt.positives().isEmpty() && prompt.box() == null) {
            return PromptResult.empty(empty, "only negative clicks were given: they say where the lesion is not; "
                    + "add a positive click on the lesion");
        }
        String refused = refusal(ct, liver, prompt);
        if (refused != null) {
            return PromptResult.empty(empty, refused);
        }
        // Clicks alone on tissue like the parenchyma around it: the network would still draw a region
        // there (0697's liver centre: 8.9 mL at confidence 0.80), so the classical method's test comes first.
        String parenchyma = prompt.box() == null ? ClickTissue.parenchymaReason(ct, liver, prompt.positives()) : null;
        if (parenchyma != null) {
            return PromptResult.empty(empty, parenchyma);
        }
        int k0 = prompt.positives().isEmpty() ? prompt.box().k() : prompt.positives().get(0).k();
        Start start = start(ct, prompt, k0);
        if (start.reason != null) {
            return PromptResult.empty(empty, start.reason);
        }
        int stride = stride(g, net.spec().sliceStepMm());
        TreeMap<Integer, float[]> probs = propagate(ct, prompt, start, k0, stride);
        int c = start.crop.size();
        double extent = (probs.lastKey() - probs.firstKey()) * g.spacingMm()[2];
        if (extent > MAX_EXTENT_MM) {
            return PromptResult.empty(empty, String.format(Locale.ROOT, "the region under the click runs over %.0f mm "
                    + "of slices: no bounded lesion there", extent));
        }
        BitMask mask = paste(g, liver, start.crop, probs);
        mask = keepPromptedComponent(mask, k0, prompt.positives());
        long n = mask.count();
        if (n == 0) {
            return PromptResult.empty(empty, "the network finds no lesion under the click inside the liver");
        }
        if (liver != null && n > 0.5 * liver.count()) {
            return PromptResult.empty(empty, "the region under the click covers over half the liver: no bounded "
                    + "lesion there");
        }
        double confidence = meanAbove(probs.get(k0), net.spec().threshold(), c);
        return new PromptResult(mask, confidence, medianHu(ct, mask), Double.NaN, null);
    }

    @Override
    public PromptResult correct(HuVolume ct, BitMask liver, BitMask current, Prompt.Click click, boolean positive) {
        new Prompt(List.of(click), List.of(), null).inside(ct.geometry());
        BitMask out = new BitMask(current.geometry());
        out.addAll(current);
        boolean inside = current.get(click.i(), click.j(), click.k());
        if (positive == inside) {
            return new PromptResult(out, 1, Double.NaN, Double.NaN, null);
        }
        PromptResult r;
        if (positive) {
            r = segment(ct, liver, new Prompt(List.of(click), List.of(), null));
        } else {
            Prompt.Click keep = Prompt.Click.atCentroid(current);
            if (keep.equals(click)) {
                return new PromptResult(out, 1, Double.NaN, Double.NaN, "the click is the mask's centre: nothing "
                        + "left to keep; remove the lesion instead");
            }
            r = segment(ct, liver, new Prompt(List.of(keep), List.of(click), null));
        }
        if (positive && r.isEmpty()) {
            return new PromptResult(out, 0, r.lesionHu(), r.parenchymaHu(), r.reason());
        }
        VolumeGeometry g = ct.geometry();
        double[] sp = g.spacingMm();
        int ri = (int) Math.ceil(CORRECTION_RADIUS_MM / sp[0]);
        int rj = (int) Math.ceil(CORRECTION_RADIUS_MM / sp[1]);
        int rk = (int) Math.ceil(CORRECTION_RADIUS_MM / sp[2]);
        for (int k = Math.max(0, click.k() - rk); k <= Math.min(g.slices() - 1, click.k() + rk); k++) {
            for (int j = Math.max(0, click.j() - rj); j <= Math.min(g.rows() - 1, click.j() + rj); j++) {
                for (int i = Math.max(0, click.i() - ri); i <= Math.min(g.columns() - 1, click.i() + ri); i++) {
                    double dx = (i - click.i()) * sp[0];
                    double dy = (j - click.j()) * sp[1];
                    double dz = (k - click.k()) * sp[2];
                    if (dx * dx + dy * dy + dz * dz > CORRECTION_RADIUS_MM * CORRECTION_RADIUS_MM) {
                        continue;
                    }
                    if (positive && r.mask().get(i, j, k)) {
                        out.set(i, j, k, true);
                    } else if (!positive && !r.mask().get(i, j, k)) {
                        out.set(i, j, k, false);
                    }
                }
            }
        }
        if (!positive) {
            out.set(click.i(), click.j(), click.k(), false);
        }
        return new PromptResult(out, positive ? r.confidence() : 1, r.lesionHu(), r.parenchymaHu(), null);
    }

    /** The CT slices between two the network runs on: about {@code stepMm}, at least one. */
    static int stride(VolumeGeometry g, double stepMm) {
        return Math.max(1, (int) Math.floor(stepMm / g.spacingMm()[2] + 1e-6));
    }

    /** Why the prompt points at no soft-tissue lesion (air, bone, outside the liver), or null. */
    private static String refusal(HuVolume ct, BitMask liver, Prompt prompt) {
        List<Prompt.Click> at = new ArrayList<>(prompt.positives());
        if (at.isEmpty()) {
            at.add(prompt.box().centre());
        }
        VolumeGeometry g = ct.geometry();
        double[] sp = g.spacingMm();
        for (Prompt.Click c : at) {
            int ri = Math.max(1, (int) Math.round(CLICK_DISK_MM / sp[0]));
            List<Short> values = new ArrayList<>();
            for (int dj = -ri; dj <= ri; dj++) {
                for (int di = -ri; di <= ri; di++) {
                    if (di * di + dj * dj <= ri * ri && g.contains(c.i() + di, c.j() + dj, c.k())) {
                        values.add(ct.get(c.i() + di, c.j() + dj, c.k()));
                    }
                }
            }
            values.sort(null);
            double hu = values.get(values.size() / 2);
            if (hu < AIR_HU) {
                return String.format(Locale.ROOT, "the click is in air, lung or fat (%.0f HU): no lesion there", hu);
            }
            if (hu > BONE_HU) {
                return String.format(Locale.ROOT, "the click is in bone, contrast or calcium (%.0f HU): no "
                        + "soft-tissue lesion there", hu);
            }
            if (liver != null && !liver.get(c.i(), c.j(), c.k())) {
                return "the click " + c + " is outside the liver mask: liver lesions only; click inside the liver, or "
                        + "leave out the liver";
            }
        }
        return null;
    }

    /** The crop on the start slice and the network's probabilities there, or the reason it found nothing. */
    private static final class Start {
        SliceCrop crop;
        /** The network input of the start slice (the last pass), and its probabilities. */
        float[] input;
        float[] prob;
        String reason;
    }

    private Start start(HuVolume ct, Prompt prompt, int k0) {
        VolumeGeometry g = ct.geometry();
        double[] sp = g.spacingMm();
        double[] range = net.spec().pixelMmRange();
        int c = net.spec().cropVoxels()[0];
        double ci = 0;
        double cj = 0;
        int on = 0;
        for (Prompt.Click p : prompt.positives()) {
            if (p.k() == k0) {
                ci += p.i();
                cj += p.j();
                on++;
            }
        }
        double pixel = FIRST_PIXEL_MM;
        if (on > 0) {
            ci /= on;
            cj /= on;
        } else {
            Prompt.Box b = prompt.box();
            ci = (b.i0() + b.i1()) / 2.0;
            cj = (b.j0() + b.j1()) / 2.0;
        }
        if (prompt.box() != null && prompt.box().k() == k0) {
            Prompt.Box b = prompt.box();
            double size = Math.max((b.i1() - b.i0() + 1) * sp[0], (b.j1() - b.j0() + 1) * sp[1]);
            pixel = size / (c * LESION_SHARE);
        }
        pixel = clamp(pixel, range);
        Start s = new Start();
        double thr = net.spec().threshold();
        for (int pass = 0; pass < 4; pass++) {
            s.crop = new SliceCrop(c, pixel, ci, cj, 0, false, sp);
            s.input = input(ct, prompt, s.crop, k0, stride(g, net.spec().sliceStepMm()), null);
            s.prob = net.probabilities(s.input, 1);
            double area = 0;
            double sx = 0;
            double sy = 0;
            boolean border = false;
            for (int y = 0; y < c; y++) {
                for (int x = 0; x < c; x++) {
                    if (s.prob[y * c + x] > thr) {
                        area++;
                        sx += x + 0.5;
                        sy += y + 0.5;
                        border |= x == 0 || y == 0 || x == c - 1 || y == c - 1;
                    }
                }
            }
            if (area == 0) {
                float peak = 0;
                for (float v : s.prob) {
                    peak = Math.max(peak, v);
                }
                s.reason = String.format(Locale.ROOT, "the network finds no lesion under the click (peak probability "
                        + "%.2f): it looks like normal tissue; click on the lesion, or draw a box around it", peak);
                return s;
            }
            double diameter = 2 * Math.sqrt(area / Math.PI) * pixel;
            double next = clamp(border ? pixel * 2 : diameter / (c * LESION_SHARE), range);
            if (border && pixel >= range[1]) {
                s.reason = String.format(Locale.ROOT, "the region under the click runs out of a %.0f mm crop: no "
                        + "bounded lesion there", c * pixel);
                return s;
            }
            double mi = ci + ((sx / area - c / 2.0) * pixel) / sp[0];
            double mj = cj + ((sy / area - c / 2.0) * pixel) / sp[1];
            double moved = Math.hypot((mi - ci) * sp[0], (mj - cj) * sp[1]);
            if (Math.abs(next / pixel - 1) < 0.25 && moved < 0.1 * c * pixel && pass > 0) {
                break;
            }
            if (on > 0 || prompt.box() != null) {
                // recentre on the lesion found, never so far that the clicks leave the crop's middle half
                ci = mi;
                cj = mj;
            }
            pixel = next;
        }
        return s;
    }

    private static double clamp(double pixel, double[] range) {
        return Math.max(range[0], Math.min(range[1], pixel));
    }

    /** The network input of slice {@code k} of {@code crop}. */
    private float[] input(HuVolume ct, Prompt prompt, SliceCrop crop, int k, int stride, float[] previous) {
        int n = crop.size() * crop.size();
        float[] in = new float[SliceCrop.CHANNELS * n];
        crop.encode(ct, k, stride, net.spec().windowHu(), net.spec().clickSigmaMm(), prompt.positives(),
                prompt.negatives(), prompt.box(), previous, in, 0);
        return in;
    }

    /**
     * Probabilities per slice the network ran on, from the start slice up and down until it finds nothing,
     * leaks ({@link #MAX_GROWTH}) or its mask no longer departs from the tissue around it as the start
     * slice's did ({@link #fades}: a network sure of every slice it runs on cannot stop itself).
     */
    private TreeMap<Integer, float[]> propagate(HuVolume ct, Prompt prompt, Start start, int k0, int stride) {
        TreeMap<Integer, float[]> probs = new TreeMap<>();
        probs.put(k0, start.prob);
        int slices = ct.geometry().slices();
        int c = start.crop.size();
        int n = c * c;
        double thr = net.spec().threshold();
        int maxSteps = (int) Math.ceil(MAX_EXTENT_MM / (stride * ct.geometry().spacingMm()[2])) + 1;
        float[] prevUp = binary(start.prob, thr, null);
        float[] prevDown = prevUp;
        double startContrast = prevUp == null ? Double.NaN : contrast(start.input, 0, prevUp, c, start.crop.pixelMm());
        int up = k0;
        int down = k0;
        for (int step = 0; step < maxSteps && (prevUp != null || prevDown != null); step++) {
            boolean goUp = prevUp != null && up + stride < slices;
            boolean goDown = prevDown != null && down - stride >= 0;
            if (!goUp && !goDown) {
                break;
            }
            float[] in = new float[(goUp && goDown ? 2 : 1) * SliceCrop.CHANNELS * n];
            int b = 0;
            if (goUp) {
                start.crop.encode(ct, up + stride, stride, net.spec().windowHu(), net.spec().clickSigmaMm(),
                        prompt.positives(), prompt.negatives(), prompt.box(), prevUp, in, 0);
                b++;
            }
            if (goDown) {
                start.crop.encode(ct, down - stride, stride, net.spec().windowHu(), net.spec().clickSigmaMm(),
                        prompt.positives(), prompt.negatives(), prompt.box(), prevDown, in, b * SliceCrop.CHANNELS * n);
                b++;
            }
            float[] out = net.probabilities(in, b);
            b = 0;
            if (goUp) {
                up += stride;
                float[] p = Arrays.copyOfRange(out, 0, n);
                probs.put(up, p);
                prevUp = continued(p, thr, prevUp, in, 0, start.crop, startContrast);
                if (prevUp == null) {
                    probs.remove(up); // the slice where it ended or leaked is not kept
                }
                b++;
            } else {
                prevUp = null;
            }
            if (goDown) {
                down -= stride;
                float[] p = Arrays.copyOfRange(out, b * n, (b + 1) * n);
                probs.put(down, p);
                prevDown = continued(p, thr, prevDown, in, b * SliceCrop.CHANNELS * n, start.crop, startContrast);
                if (prevDown == null) {
                    probs.remove(down);
                }
            } else {
                prevDown = null;
            }
        }
        return probs;
    }

    /**
     * The mask of a propagated slice ({@link #binary}), or null where the lesion ended, leaked or no longer
     * departs from the tissue around it ({@link #fades}; its input at {@code offset} of {@code in}).
     */
    private static float[] continued(float[] p, double thr, float[] before, float[] in, int offset, SliceCrop crop,
                                     double startContrast) {
        float[] mask = binary(p, thr, before);
        return mask == null || fades(contrast(in, offset, mask, crop.size(), crop.pixelMm()), startContrast) ? null : mask;
    }

    /**
     * Share of the start slice's contrast under which a propagated slice's mask is taken for parenchyma
     * (the propagation stops there). Chosen on the synthetic lesions of LearnedSyntheticPromptTest: 0.3-0.6
     * give mean Dice 0.541-0.554 with run 4's network against 0.378 without the stop (docs/models.md).
     */
    static final double STOP_SHARE = 0.5;

    /** Whether a slice's contrast has lost the start slice's sign or fallen under {@link #STOP_SHARE} of it. */
    static boolean fades(double contrast, double startContrast) {
        if (Double.isNaN(contrast) || Double.isNaN(startContrast)) {
            return false;
        }
        return contrast * Math.signum(startContrast) < STOP_SHARE * Math.abs(startContrast);
    }

    /**
     * The mask's mean windowed HU minus the median of the soft tissue 1.5-5 mm around it on the same crop
     * (the image channel of the input at {@code offset}); NaN when either is empty.
     */
    static double contrast(float[] in, int offset, float[] mask, int c, double pixelMm) {
        int n = c * c;
        int rin = Math.max(1, (int) Math.round(1.5 / pixelMm));
        int rout = Math.max(rin + 1, (int) Math.round(5 / pixelMm));
        float[] inner = SliceCrop.dilate(mask, c, rin);
        float[] outer = SliceCrop.dilate(mask, c, rout);
        double sum = 0;
        int m = 0;
        float[] ring = new float[n];
        int r = 0;
        for (int q = 0; q < n; q++) {
            float v = in[offset + n + q];
            if (mask[q] > 0) {
                sum += v;
                m++;
            } else if (outer[q] > 0 && inner[q] == 0 && v > 0.25f && v < 0.999f) {
                ring[r++] = v;
            }
        }
        if (m == 0 || r == 0) {
            return Double.NaN;
        }
        Arrays.sort(ring, 0, r);
        return sum / m - ring[r / 2];
    }

    /**
     * 1 where p exceeds the threshold; null when under 2 pixels do (the lesion ended) or over
     * {@link #MAX_GROWTH} times the {@code before} mask's (a leak into the tissue beside it, not a lesion).
     */
    private static float[] binary(float[] p, double thr, float[] before) {
        float[] out = new float[p.length];
        int n = 0;
        int m = 0;
        for (int q = 0; q < p.length; q++) {
            if (p[q] > thr) {
                out[q] = 1;
                n++;
            }
            if (before != null && before[q] > 0) {
                m++;
            }
        }
        return n < 2 || (before != null && n > MAX_GROWTH * m + 20) ? null : out;
    }

    /** The mask on the CT grid: each slice's probability (interpolated between slices the network ran on) over the threshold. */
    private BitMask paste(VolumeGeometry g, BitMask liver, SliceCrop crop, TreeMap<Integer, float[]> probs) {
        BitMask mask = new BitMask(g);
        int c = crop.size();
        int[] fp = crop.footprint(g.columns(), g.rows());
        double thr = net.spec().threshold();
        for (int k = probs.firstKey(); k <= probs.lastKey(); k++) {
            Integer lo = probs.floorKey(k);
            Integer hi = probs.ceilingKey(k);
            float[] a = probs.get(lo);
            float[] b = probs.get(hi);
            double w = hi.equals(lo) ? 0 : (k - lo) / (double) (hi - lo);
            for (int j = fp[1]; j <= fp[3]; j++) {
                for (int i = fp[0]; i <= fp[2]; i++) {
                    if (liver != null && !liver.get(i, j, k)) {
                        continue;
                    }
                    double[] xy = crop.toCrop(i, j);
                    double p = (1 - w) * SliceCrop.sample(a, c, xy[0], xy[1]) + w * SliceCrop.sample(b, c, xy[0], xy[1]);
                    if (p > thr) {
                        mask.set(i, j, k, true);
                    }
                }
            }
        }
        return mask;
    }

    /**
     * The lesion the prompt points at: the 26-connected parts of {@code mask} holding a positive click,
     * or, when no click lies in the mask (a box, or a click the outline left out), its largest part on
     * the prompt's slice {@code k0}. Fragments beside it (a few pixels the network drew apart) are left
     * out: one prompt, one lesion.
     */
    static BitMask keepPromptedComponent(BitMask mask, int k0, List<Prompt.Click> positives) {
        Components.Labelling l = Components.label(mask, Components.Connectivity.FULL);
        if (l.count() <= 1) {
            return mask;
        }
        VolumeGeometry g = mask.geometry();
        boolean[] keep = new boolean[l.count() + 1];
        boolean any = false;
        for (Prompt.Click c : positives) {
            int id = l.ids().get(c.i(), c.j(), c.k()) & 0xffff;
            if (id != 0) {
                keep[id] = true;
                any = true;
            }
        }
        if (!any) {
            long[] area = new long[l.count() + 1];
            for (short id : l.ids().slice(k0)) {
                area[id & 0xffff]++;
            }
            area[0] = 0; // the background is no part
            int best = 0;
            for (int id = 1; id < area.length; id++) {
                best = area[id] > area[best] ? id : best;
            }
            keep[best] = best != 0;
        }
        BitMask out = new BitMask(g);
        for (int k = 0; k < g.slices(); k++) {
            if (mask.isSliceEmpty(k)) {
                continue;
            }
            short[] s = l.ids().slice(k);
            for (int p = 0; p < s.length; p++) {
                if (s[p] != 0 && keep[s[p] & 0xffff]) {
                    out.setIndex(k, p);
                }
            }
        }
        return out;
    }

    private static double meanAbove(float[] p, double thr, int c) {
        double sum = 0;
        int n = 0;
        for (int q = 0; q < c * c; q++) {
            if (p[q] > thr) {
                sum += p[q];
                n++;
            }
        }
        return n == 0 ? 0 : Math.min(1, sum / n);
    }

    private static double medianHu(HuVolume ct, BitMask mask) {
        VolumeGeometry g = mask.geometry();
        short[] v = new short[(int) mask.count()];
        int n = 0;
        for (int k = 0; k < g.slices(); k++) {
            if (mask.isSliceEmpty(k)) {
                continue;
            }
            short[] s = ct.slice(k);
            for (int p = 0; p < s.length; p++) {
                if (mask.getIndex(k, p)) {
                    v[n++] = s[p];
                }
            }
        }
        Arrays.sort(v, 0, n);
        return n == 0 ? Double.NaN : v[n / 2];
    }

    /**
     * "LiverLens prompt network", the package's name and version, cut to the 64 characters of a DICOM
     * LO (the SEG writer records a segment's algorithm by this name only, so the version is in it).
     */
    @Override
    public String algorithmName() {
        return Datasets.truncate("LiverLens prompt network " + net.spec().name() + " " + net.spec().version(), 64);
    }

    /** The package's version (a plain name of at most 64 characters, as the package format allows). */
    @Override
    public String algorithmVersion() {
        return net.spec().version();
    }
}
