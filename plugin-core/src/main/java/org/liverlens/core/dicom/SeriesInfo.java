package org.liverlens.core.dicom;

import java.util.List;
import java.util.Optional;

/**
 * One series found by the scanner: its identity, its stacks (primary first) and problems that
 * concern the whole series.
 *
 * @param key a stable key: the SeriesInstanceUID, or a synthesized key when the UID is empty
 */
public record SeriesInfo(String key, SliceHeader first, List<Stack> stacks, List<Problem> problems) {

    public String seriesInstanceUid() {
        return first.seriesInstanceUid();
    }

    public String modality() {
        return first.modality();
    }

    /** The stack a volume is built from by default. */
    public Optional<Stack> primaryStack() {
        return stacks.stream().filter(s -> s.role() == Stack.Role.PRIMARY).findFirst();
    }

    public int instanceCount() {
        return stacks.stream().mapToInt(Stack::instanceCount).sum();
    }
}
