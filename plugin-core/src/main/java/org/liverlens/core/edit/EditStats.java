package org.liverlens.core.edit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one edit did, for {@code edit.json}: the edit's words, the lesion it concerned (0 for none), the
 * voxels of its region and how many of them changed, and named figures (HU of the fill and of the
 * parenchyma around it, diameters, centre) in the units their names say.
 */
public record EditStats(String edit, String kind, int lesion, long regionVoxels, long changedVoxels,
                        Map<String, Object> figures) {
    public EditStats {
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }
}
