package org.liverlens.core.measure;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.liverlens.core.segment.ModelInfo;

/**
 * What {@code findings.json} reports for one CT series: liver volume, lesion instances with their
 * RECIST axes, volumes, HU and centroids, and the tumour burden.
 *
 * <p>Definitions (docs/measurements.md): the liver is the union of the liver and every tumour
 * voxel (liver including its tumours, as radiologists outline it for volumetry); the tumour burden
 * is tumour volume / that liver volume × 100, 0 when there is no liver.
 *
 * @param seriesInstanceUid  the CT series measured
 * @param model              the model that made the segmentation, or null (a SEG made otherwise)
 * @param source             where the labels came from
 * @param voxelVolumeMl      volume of one CT voxel
 * @param liverSegmented     false when the labels hold no liver class at all (a SEG with lesion
 *                           segments only): liver volume and tumour burden are then unknown
 * @param liverVoxels        voxels of the liver including its tumours (0 when not segmented)
 * @param tumourVoxels       voxels of the union of all lesions
 * @param liverCentroidVoxel mean voxel index of the liver, or null when there is none
 * @param lesions            by decreasing volume, ids 1…n
 * @param messages           what the reader must know (no liver in view, lesions outside the liver, ...)
 */
public record Findings(String seriesInstanceUid, ModelInfo model, Source source, double voxelVolumeMl,
                       boolean liverSegmented, long liverVoxels, long tumourVoxels, double[] liverCentroidVoxel,
                       List<LesionMeasurement> lesions, List<String> messages) {

    /** Where the labels came from. */
    public enum SourceKind {
        /** A segmentation model run by LiverLens. */
        MODEL,
        /** An existing DICOM SEG. */
        SEG,
        /** The known truth of a synthetic CT (not a model result). */
        GROUND_TRUTH,
        /** Clicks or a box ({@code liverlens prompt}), with the segments of a SEG when one was given. */
        PROMPT
    }

    /** Kind and a one-line description (model name and version, SEG file, ...). */
    public record Source(SourceKind kind, String description) {
    }

    public Findings {
        lesions = List.copyOf(lesions);
        messages = List.copyOf(messages);
        liverCentroidVoxel = liverCentroidVoxel == null ? null : liverCentroidVoxel.clone();
    }

    public double liverVolumeMl() {
        return liverVoxels * voxelVolumeMl;
    }

    public double tumourVolumeMl() {
        return tumourVoxels * voxelVolumeMl;
    }

    public int lesionCount() {
        return lesions.size();
    }

    /**
     * Tumour volume / liver volume (tumours included) × 100; 0 when no liver is in view; null when
     * the liver was not segmented at all.
     */
    public Double tumourBurdenPercent() {
        if (!liverSegmented) {
            return null;
        }
        return liverVoxels == 0 ? 0.0 : 100.0 * tumourVoxels / liverVoxels;
    }

    @Override
    public double[] liverCentroidVoxel() {
        return liverCentroidVoxel == null ? null : liverCentroidVoxel.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Findings f && Objects.equals(seriesInstanceUid, f.seriesInstanceUid)
                && Objects.equals(model, f.model) && Objects.equals(source, f.source)
                && Double.compare(voxelVolumeMl, f.voxelVolumeMl) == 0 && liverSegmented == f.liverSegmented
                && liverVoxels == f.liverVoxels && tumourVoxels == f.tumourVoxels
                && Arrays.equals(liverCentroidVoxel, f.liverCentroidVoxel) && lesions.equals(f.lesions)
                && messages.equals(f.messages);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seriesInstanceUid, model, source, voxelVolumeMl, liverSegmented, liverVoxels, tumourVoxels,
                Arrays.hashCode(liverCentroidVoxel), lesions, messages);
    }

    @Override
    public String toString() {
        return "Findings[seriesInstanceUid=" + seriesInstanceUid + ", model=" + model + ", source=" + source
                + ", voxelVolumeMl=" + voxelVolumeMl + ", liverSegmented=" + liverSegmented + ", liverVoxels="
                + liverVoxels + ", tumourVoxels=" + tumourVoxels + ", liverCentroidVoxel="
                + Arrays.toString(liverCentroidVoxel) + ", lesions=" + lesions + ", messages=" + messages + "]";
    }
}
