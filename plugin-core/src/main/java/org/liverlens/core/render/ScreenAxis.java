package org.liverlens.core.render;

/**
 * One screen axis of a view: a voxel axis with its spacing, scaled to pixels and flipped when
 * needed so the view reads in the radiological convention. Along screen x the patient's left
 * (+x), posterior (+y) or superior (+z) lies to the right; down screen y lies posterior (+y),
 * inferior (−z) or the patient's left (+x), whichever the voxel axis mostly points to.
 */
record ScreenAxis(double spacingMm, int voxels, double pxPerMm, boolean flipped, int pixels, double startMm) {
    static ScreenAxis of(double[] direction, double spacingMm, int voxels, double pxPerMm, boolean horizontal) {
        int a = OrientationMarks.dominant(direction);
        double sign;
        if (horizontal) {
            sign = direction[a];
        } else {
            sign = a == 2 ? -direction[a] : direction[a];
        }
        int pixels = Math.max(1, (int) Math.round(voxels * spacingMm * pxPerMm));
        return new ScreenAxis(spacingMm, voxels, pxPerMm, sign < 0, pixels, 0);
    }

    /** The same axis magnified: {@code pixels} screen pixels over {@code fieldMm} centred on voxel coordinate c. */
    ScreenAxis zoom(double c, double fieldMm, int pixels) {
        double centreMm = ((flipped ? voxels - 1 - c : c) + 0.5) * spacingMm;
        return new ScreenAxis(spacingMm, voxels, pixels / fieldMm, flipped, pixels, centreMm - fieldMm / 2);
    }

    /** Voxel coordinate at the centre of screen pixel {@code s}. */
    double voxel(int s) {
        double mm = (s + 0.5) / pxPerMm + startMm;
        double c = mm / spacingMm - 0.5;
        return flipped ? voxels - 1 - c : c;
    }

    /** Screen coordinate of voxel coordinate {@code c} (voxel centres at integers). */
    double screen(double c) {
        double cc = flipped ? voxels - 1 - c : c;
        return ((cc + 0.5) * spacingMm - startMm) * pxPerMm;
    }

    /** The patient direction of increasing screen coordinate. */
    double[] screenDirection(double[] voxelDirection) {
        return flipped ? OrientationMarks.neg(voxelDirection) : voxelDirection.clone();
    }
}
