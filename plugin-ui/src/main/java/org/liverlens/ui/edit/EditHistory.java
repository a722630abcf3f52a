package org.liverlens.ui.edit;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Undo and redo of segmentation edits with bounded memory: each edit holds a diff ({@link MaskDiff}),
 * never a copy of a volume, and when the edits held exceed the budget the oldest are forgotten (they
 * can no longer be undone). The newest edit is always kept, whatever its size.
 */
public final class EditHistory {
    /** The default budget: 64 MB of diffs (five copies of a 512×512×400 mask would take as much). */
    public static final long DEFAULT_BUDGET_BYTES = 64L << 20;

    /** One undoable change of a {@link Segmentation}. */
    interface Edit {
        /** What the edit did, for the undo button's tooltip ("add Lesion 3"). */
        String name();

        void undo(Segmentation s);

        void redo(Segmentation s);

        /** The memory the edit holds. */
        long bytes();
    }

    private final long budgetBytes;
    private final Deque<Edit> undo = new ArrayDeque<>();
    private final Deque<Edit> redo = new ArrayDeque<>();
    private long bytes;

    public EditHistory(long budgetBytes) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("the undo budget must be positive, got " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    /** Records an edit that was just done: the redo list is dropped, and the oldest edits past the budget. */
    void done(Edit edit) {
        for (Edit e : redo) {
            bytes -= e.bytes();
        }
        redo.clear();
        undo.addLast(edit);
        bytes += edit.bytes();
        while (bytes > budgetBytes && undo.size() > 1) {
            bytes -= undo.removeFirst().bytes();
        }
    }

    Edit popUndo() {
        Edit e = undo.pollLast();
        if (e != null) {
            redo.addLast(e);
        }
        return e;
    }

    Edit popRedo() {
        Edit e = redo.pollLast();
        if (e != null) {
            undo.addLast(e);
        }
        return e;
    }

    public boolean canUndo() {
        return !undo.isEmpty();
    }

    public boolean canRedo() {
        return !redo.isEmpty();
    }

    /** The name of the edit undo would revert, or null. */
    public String nextUndo() {
        return undo.isEmpty() ? null : undo.peekLast().name();
    }

    /** The name of the edit redo would repeat, or null. */
    public String nextRedo() {
        return redo.isEmpty() ? null : redo.peekLast().name();
    }

    /** The number of edits that can be undone. */
    public int undoDepth() {
        return undo.size();
    }

    /** The memory all held edits take (undo and redo). */
    public long bytes() {
        return bytes;
    }

    public long budgetBytes() {
        return budgetBytes;
    }
}
