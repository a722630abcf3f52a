package org.liverlens.core.edit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;

/**
 * The classical backend, no weights and deterministic for a seed: removal fills with matched parenchyma
 * ({@link LesionRemoval}), resizing scales the lesion and its texture ({@link LesionResize}), insertion
 * draws a lesion from the shared lesion model ({@link LesionInsertion}, the {@code synth} package).
 * Edits apply in order on one copy of the CT; lesion numbers always mean the SEG's lesions.
 */
public final class ClassicalBackend implements EditBackend {
    public static final String NAME = "classical";

    private final String name;
    /** Rewrites each edit's region after the classical rendering (the learned backend), or null. */
    private final RegionRenderer renderer;

    public ClassicalBackend() {
        this(NAME, null);
    }

    /**
     * A backend that decides every edit as the classical one does (region, lesion, refusals) and then
     * lets {@code renderer} rewrite the voxels of each edit's region.
     */
    ClassicalBackend(String name, RegionRenderer renderer) {
        this.name = name;
        this.renderer = renderer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public EditResult apply(EditScene scene, EditRequest request, long seed) {
        HuVolume ct = scene.ct();
        // Check every lesion number before any work, so that a bad number costs nothing.
        for (EditInstruction e : request.edits()) {
            if (e instanceof EditInstruction.RemoveLesion r) {
                scene.lesion(r.lesion(), r.text());
            } else if (e instanceof EditInstruction.ResizeLesion r) {
                scene.lesion(r.lesion(), r.text());
            } else if (e instanceof EditInstruction.AddLesion a
                    && a.location() instanceof EditInstruction.Location.NearLesion near) {
                scene.lesion(near.lesion(), a.text());
            }
        }
        HuVolume out = copyOf(ct);
        BitMask liver = new BitMask(ct.geometry());
        liver.addAll(scene.liver());
        List<BitMask> lesions = new ArrayList<>();
        for (BitMask m : scene.lesions()) {
            BitMask copy = new BitMask(ct.geometry());
            copy.addAll(m);
            lesions.add(copy);
            liver.addAll(m);
        }
        List<BitMask> added = new ArrayList<>();
        boolean[] removed = new boolean[lesions.size()];
        BitMask region = new BitMask(ct.geometry());
        List<EditStats> stats = new ArrayList<>();
        List<BitMask> regions = new ArrayList<>();
        long editSeed = seed;
        for (EditInstruction e : request.edits()) {
            editSeed = mix(editSeed);
            if (e instanceof EditInstruction.RemoveLesion r) {
                requirePresent(removed, r.lesion(), r.text());
                stats.add(remove(out, liver, lesions, added, removed, r.lesion(), region, regions, editSeed, r.text()));
            } else if (e instanceof EditInstruction.RemoveAllLesions r) {
                for (int n = 1; n <= lesions.size(); n++) {
                    if (!removed[n - 1]) {
                        editSeed = mix(editSeed);
                        stats.add(remove(out, liver, lesions, added, removed, n, region, regions, editSeed, r.text()));
                    }
                }
            } else if (e instanceof EditInstruction.ResizeLesion r) {
                requirePresent(removed, r.lesion(), r.text());
                BitMask lesion = lesions.get(r.lesion() - 1);
                LesionResize.Done d = LesionResize.resize(out, liver, lesion, others(lesions, added, lesion),
                        r.factor(), editSeed, r.text());
                region.addAll(d.region());
                regions.add(d.region());
                lesions.set(r.lesion() - 1, d.lesion());
                String kind = r.percent() > 0 ? "grow" : "shrink";
                Map<String, Object> figures = render(out, new EditRegion(kind, d.region(), d.lesion(), liver, null,
                        Double.NaN, Double.NaN), editSeed, d.figures());
                stats.add(new EditStats(r.text(), kind, r.lesion(), d.region().count(), 0, figures));
            } else if (e instanceof EditInstruction.AddLesion a) {
                BitMask near = a.location() instanceof EditInstruction.Location.NearLesion nl
                        ? lesions.get(nl.lesion() - 1) : null;
                LesionInsertion.Done d = LesionInsertion.insert(out, liver, near, others(lesions, added, new BitMask(ct.geometry())), a,
                        editSeed);
                region.addAll(d.region());
                regions.add(d.region());
                added.add(d.lesion());
                Map<String, Object> figures = render(out, new EditRegion("add", d.region(), d.lesion(), liver, d.model(),
                        d.parenchymaHu(), d.parenchymaSdHu()), editSeed, d.figures());
                stats.add(new EditStats(a.text(), "add", lesions.size() + added.size(), d.region().count(), 0, figures));
            }
        }
        BitMask changed = changed(ct, out, region);
        List<BitMask> after = new ArrayList<>();
        for (int n = 0; n < lesions.size(); n++) {
            if (!removed[n]) {
                after.add(lesions.get(n));
            }
        }
        after.addAll(added);
        return new EditResult(request, name, seed, out, changed, region, after, withChangedCounts(stats, regions, changed));
    }

    /** The classical figures, with those of the renderer (which rewrote the region) put over them. */
    private Map<String, Object> render(HuVolume out, EditRegion r, long seed, Map<String, Object> figures) {
        Map<String, Object> all = new LinkedHashMap<>(figures);
        if (renderer != null) {
            all.putAll(renderer.render(out, r, seed));
        }
        return all;
    }

    private EditStats remove(HuVolume out, BitMask liver, List<BitMask> lesions, List<BitMask> added,
                                    boolean[] removed, int n, BitMask region, List<BitMask> regions, long seed,
                                    String text) {
        BitMask lesion = lesions.get(n - 1);
        LesionRemoval.Done d = LesionRemoval.remove(out, liver, lesion, others(lesions, added, lesion), seed, text);
        region.addAll(d.region());
        regions.add(d.region());
        removed[n - 1] = true;
        Map<String, Object> figures = render(out, new EditRegion("remove", d.region(), new BitMask(out.geometry()),
                liver, null, ((Number) d.figures().get("surroundingMeanHu")).doubleValue(), Double.NaN), seed,
                d.figures());
        figures.put("lesionVoxels", lesion.count());
        return new EditStats(text, "remove", n, d.region().count(), 0, figures);
    }

    private static void requirePresent(boolean[] removed, int n, String text) {
        if (removed[n - 1]) {
            throw new InvalidEditException("'" + text + "': lesion " + n + " was already removed by an earlier part "
                    + "of the instruction", "each lesion can be removed or resized once; reorder the instruction");
        }
    }

    /** Every lesion but {@code self}: present SEG lesions (removed ones were filled) and added ones. */
    private static BitMask others(List<BitMask> lesions, List<BitMask> added, BitMask self) {
        BitMask o = new BitMask(self.geometry());
        for (BitMask m : lesions) {
            if (m != self) {
                o.addAll(m);
            }
        }
        for (BitMask m : added) {
            o.addAll(m);
        }
        return o;
    }


    /** SplitMix64 step: independent seeds for successive edits. */
    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A new volume with the same voxels (the edit works on it; the original stays as it was). */
    public static HuVolume copyOf(HuVolume v) {
        HuVolume out = HuVolume.allocate(v.geometry(), (short) 0);
        for (int k = 0; k < v.geometry().slices(); k++) {
            System.arraycopy(v.slice(k), 0, out.slice(k), 0, v.slice(k).length);
        }
        return out;
    }

    /** The voxels of {@code region} whose value differs (outside it nothing was written). */
    static BitMask changed(HuVolume before, HuVolume after, BitMask region) {
        BitMask changed = new BitMask(before.geometry());
        for (int k = 0; k < before.geometry().slices(); k++) {
            if (region.isSliceEmpty(k)) {
                continue;
            }
            short[] a = before.slice(k);
            short[] b = after.slice(k);
            for (int p = 0; p < a.length; p++) {
                if (a[p] != b[p]) {
                    changed.setIndex(k, p);
                }
            }
        }
        return changed;
    }

    /** Each edit's count of voxels of its region that differ from the original at the end. */
    private static List<EditStats> withChangedCounts(List<EditStats> stats, List<BitMask> regions, BitMask changed) {
        List<EditStats> out = new ArrayList<>();
        for (int e = 0; e < stats.size(); e++) {
            EditStats s = stats.get(e);
            BitMask r = regions.get(e);
            long n = 0;
            for (int k = 0; k < r.geometry().slices(); k++) {
                if (r.isSliceEmpty(k) || changed.isSliceEmpty(k)) {
                    continue;
                }
                long[] a = r.words(k);
                long[] b = changed.words(k);
                for (int w = 0; w < a.length; w++) {
                    n += Long.bitCount(a[w] & b[w]);
                }
            }
            out.add(new EditStats(s.edit(), s.kind(), s.lesion(), s.regionVoxels(), n, s.figures()));
        }
        return out;
    }
}
