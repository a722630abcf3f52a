package org.liverlens.core.dicom;

/**
 * Choices the user makes when a stack is not a clean regular grid.
 *
 * @param allowIrregularSpacing build a volume across gaps and uneven spacing by interpolating
 *                              slices onto a regular grid at the nominal spacing (refused otherwise)
 */
public record LoadOptions(boolean allowIrregularSpacing) {
    public static final LoadOptions STRICT = new LoadOptions(false);
}
