package org.liverlens.ui.edit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.liverlens.core.measure.LesionMeasurement;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.ui.view.SegmentLayer;

/**
 * The segments the viewer shows and edits, with undo and redo ({@link EditHistory}): add a segment
 * (a lesion from the lesion tool, the result of auto segment), delete, rename, change a segment's
 * mask (a corrective click). Every edit is stored as a {@link MaskDiff}. Used on the event dispatch
 * thread only; the views hold {@link #layers()}, a live list.
 */
public final class Segmentation {
    private final VolumeGeometry grid;
    private final List<SegmentLayer> layers = new ArrayList<>();
    private final List<SegmentLayer> view = Collections.unmodifiableList(layers);
    private final EditHistory history;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private int editsSinceSave;
    private Path savedFile;

    public Segmentation(VolumeGeometry grid, List<SegmentLayer> initial, long undoBudgetBytes) {
        this.grid = grid;
        this.history = new EditHistory(undoBudgetBytes);
        layers.addAll(initial);
    }

    public VolumeGeometry grid() {
        return grid;
    }

    /** The layers in drawing order (a live, read-only list). */
    public List<SegmentLayer> layers() {
        return view;
    }

    public EditHistory history() {
        return history;
    }

    /** The layer of a segment number, or null. */
    public SegmentLayer layer(int number) {
        return layers.stream().filter(l -> l.number() == number).findFirst().orElse(null);
    }

    /** The number a new segment gets: one more than the largest. */
    public int nextNumber() {
        return layers.stream().mapToInt(SegmentLayer::number).max().orElse(0) + 1;
    }

    /** Whether there are edits since the segments were loaded or last saved. */
    public boolean modified() {
        return editsSinceSave != 0;
    }

    /** Marks the current segments as saved in {@code file}. */
    public void saved(Path file) {
        editsSinceSave = 0;
        savedFile = file;
        changed();
    }

    /** The SEG the segments were last saved to, or null; it holds them unless {@link #modified()}. */
    public Path savedFile() {
        return savedFile;
    }

    /** Told after every change (edit, undo, redo, save). */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /** Adds a segment on top of the others. */
    public void add(SegmentLayer layer) {
        if (layer(layer.number()) != null) {
            throw new IllegalArgumentException("segment " + layer.number() + " exists already");
        }
        Presence edit = new Presence(true, layers.size(), layer);
        layers.add(layer);
        did(edit);
    }

    /** Adds several segments as one edit (auto segment's liver and lesions: one undo removes them all). */
    public void addAll(List<SegmentLayer> added, String name) {
        List<EditHistory.Edit> parts = new ArrayList<>();
        for (SegmentLayer l : added) {
            if (layer(l.number()) != null) {
                throw new IllegalArgumentException("segment " + l.number() + " exists already");
            }
            parts.add(new Presence(true, layers.size(), l));
            layers.add(l);
        }
        did(new Compound(name, parts));
    }

    /** Deletes a segment. */
    public void remove(int number) {
        SegmentLayer l = require(number);
        Presence edit = new Presence(false, layers.indexOf(l), l);
        layers.remove(l);
        did(edit);
    }

    /** Gives a segment another label (SegmentLabel, at most 64 characters). */
    public void rename(int number, String label) {
        SegmentLayer l = require(number);
        Segment before = l.segment();
        Segment after = before.withLabel(label.strip());
        Rename edit = new Rename(number, before, after);
        edit.redo(this);
        did(edit);
    }

    /** Replaces a segment's voxels by {@code after}'s, with the lesion measured on them. */
    public void changeMask(int number, BitMask after, LesionMeasurement lesion, String name) {
        SegmentLayer l = require(number);
        MaskChange edit = new MaskChange(name, number, MaskDiff.between(l.mask(), after), l.lesion(), lesion);
        edit.redo(this);
        did(edit);
    }

    /** Reverts the last edit; false when there is none. */
    public boolean undo() {
        EditHistory.Edit e = history.popUndo();
        if (e == null) {
            return false;
        }
        e.undo(this);
        editsSinceSave--;
        changed();
        return true;
    }

    /** Repeats the last undone edit; false when there is none. */
    public boolean redo() {
        EditHistory.Edit e = history.popRedo();
        if (e == null) {
            return false;
        }
        e.redo(this);
        editsSinceSave++;
        changed();
        return true;
    }

    /**
     * The segments as a binary segment set for the SEG writer, numbered 1…n in drawing order (the
     * standard wants segment numbers from 1 without gaps; a deleted segment leaves one).
     */
    public SegmentSet toSegmentSet() {
        SegmentSet set = SegmentSet.binary(grid);
        int n = 0;
        for (SegmentLayer l : layers) {
            set.addBinary(l.segment().withNumber(++n)).addAll(l.mask());
        }
        return set;
    }

    private SegmentLayer require(int number) {
        SegmentLayer l = layer(number);
        if (l == null) {
            throw new IllegalArgumentException("there is no segment " + number);
        }
        return l;
    }

    private void did(EditHistory.Edit edit) {
        history.done(edit);
        editsSinceSave++;
        changed();
    }

    private void changed() {
        for (Runnable r : listeners) {
            r.run();
        }
    }

    /** A segment added (undo removes it) or deleted (undo puts it back); the mask is kept as a diff. */
    private static final class Presence implements EditHistory.Edit {
        private final boolean added;
        private final int index;
        private final Segment segment;
        private final int rgb;
        private final boolean recommendedColour;
        private final LesionMeasurement lesion;
        private final MaskDiff voxels;

        Presence(boolean added, int index, SegmentLayer layer) {
            this.added = added;
            this.index = index;
            this.segment = layer.segment();
            this.rgb = layer.rgb();
            this.recommendedColour = layer.recommendedColour();
            this.lesion = layer.lesion();
            this.voxels = MaskDiff.of(layer.mask());
        }

        @Override
        public String name() {
            return (added ? "add " : "delete ") + segment.label();
        }

        @Override
        public void undo(Segmentation s) {
            if (added) {
                hide(s);
            } else {
                show(s);
            }
        }

        @Override
        public void redo(Segmentation s) {
            if (added) {
                show(s);
            } else {
                hide(s);
            }
        }

        private void show(Segmentation s) {
            BitMask mask = new BitMask(s.grid);
            voxels.applyTo(mask);
            s.layers.add(Math.min(index, s.layers.size()),
                    new SegmentLayer(segment, rgb, recommendedColour, mask, lesion));
        }

        private void hide(Segmentation s) {
            s.layers.remove(s.require(segment.number()));
        }

        @Override
        public long bytes() {
            return 64 + voxels.bytes();
        }
    }

    private record Compound(String name, List<EditHistory.Edit> parts) implements EditHistory.Edit {
        @Override
        public void undo(Segmentation s) {
            for (int i = parts.size() - 1; i >= 0; i--) {
                parts.get(i).undo(s);
            }
        }

        @Override
        public void redo(Segmentation s) {
            for (EditHistory.Edit e : parts) {
                e.redo(s);
            }
        }

        @Override
        public long bytes() {
            return parts.stream().mapToLong(EditHistory.Edit::bytes).sum();
        }
    }

    private record Rename(int number, Segment before, Segment after) implements EditHistory.Edit {
        @Override
        public String name() {
            return "rename " + before.label();
        }

        @Override
        public void undo(Segmentation s) {
            s.require(number).setSegment(before);
        }

        @Override
        public void redo(Segmentation s) {
            s.require(number).setSegment(after);
        }

        @Override
        public long bytes() {
            return 256;
        }
    }

    private record MaskChange(String name, int number, MaskDiff diff, LesionMeasurement before,
                              LesionMeasurement after) implements EditHistory.Edit {
        @Override
        public void undo(Segmentation s) {
            SegmentLayer l = s.require(number);
            diff.applyTo(l.mask());
            l.setLesion(before);
        }

        @Override
        public void redo(Segmentation s) {
            SegmentLayer l = s.require(number);
            diff.applyTo(l.mask());
            l.setLesion(after);
        }

        @Override
        public long bytes() {
            return 64 + diff.bytes();
        }
    }
}
