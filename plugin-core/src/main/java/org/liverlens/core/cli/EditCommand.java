package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.liverlens.core.dicom.CtSeries;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.dicom.Problem;
import org.liverlens.core.edit.EditOutput;
import org.liverlens.core.edit.EditRequest;
import org.liverlens.core.edit.EditResult;
import org.liverlens.core.edit.EditScene;
import org.liverlens.core.edit.EditStats;
import org.liverlens.core.seg.SegMapping;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.seg.SourceUids;
import org.liverlens.core.service.CounterfactualEditService;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.PrintableText;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liverlens edit DIR --seg SEG "INSTRUCTION" -o OUT}: a counterfactual of the CT as a derived
 * series ({@code OUT/series/}), a SEG of the changed voxels ({@code OUT/edit-seg.dcm}) and
 * {@code OUT/edit.json}.
 */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = {"Make a counterfactual of the CT series under DIR: remove, add, grow or shrink lesions, and "
                + "write the result as a new derived series in the same study (OUT/series/, marked COUNTERFACTUAL), "
                + "a SEG of the changed voxels (OUT/edit-seg.dcm) and OUT/edit.json. Only the edit region changes; "
                + "every other voxel keeps its exact value. The input files are never changed.",
            "Instructions: 'remove lesion 2', 'remove all lesions', 'add a 15 mm hypodense lesion at 120,200,40', "
                + "'add a 2 cm hyperdense lesion near lesion 1', 'add a 12 mm 40 HU lesion at -60.5,20,-110 mm', "
                + "'grow lesion 1 by 20%%', 'shrink lesion 3 by 50%%', joined with 'and'. Lesion numbers are those "
                + "'liverlens measure DIR --seg SEG' lists. An instruction that cannot be understood or carried out "
                + "exits 3 with the reason. See docs/edit.md."})
final class EditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder holding the CT series (searched recursively).")
    Path dir;

    @Parameters(index = "1", paramLabel = "INSTRUCTION", description = "What to change, in quotes.")
    String instruction;

    @Option(names = "--seg", required = true, paramLabel = "SEG",
            description = "A DICOM SEG of this CT with its lesions (and liver; without one the default model "
                    + "segments the liver).")
    Path seg;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Output folder.")
    Path output;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "classical",
            description = "Edit backend: classical (default; no weights, deterministic for a seed) or learned (the "
                    + "shipped diffusion inpainting model, docs/models.md; deterministic for a seed).")
    String backend;

    @Option(names = "--weights", paramLabel = "PARAMS", description = "With --backend learned: weights written by "
            + "'liverlens train-edit' instead of the shipped ones.")
    Path weights;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the fill and lesion "
            + "texture (default ${DEFAULT-VALUE}); the same seed gives the same voxels.")
    long seed;

    @Option(names = "--series", paramLabel = "UID",
            description = "The CT series to use when DIR holds several (SeriesInstanceUID).")
    String series;

    @Override
    public Integer call() {
        if (weights != null && !"learned".equals(backend)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--weights is for --backend learned");
        }
        CounterfactualEditService service = new CounterfactualEditService(weights);
        EditRequest request = service.parse(instruction); // before any loading: a typo costs nothing
        service.backend(backend); // an unknown backend or a missing or bad model, too
        OutputTarget.folder(output, "-o", EditOutput.SEG_FILE, EditOutput.JSON_FILE);
        LiverLensCommand root = (LiverLensCommand) spec.root().userObject();
        ConsoleProgress progress = root.progress();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        LoadedVolume loaded = CtSeries.load(dir, series, root.loadOptions(), progress, Cancellation.NONE);
        for (Problem p : loaded.warnings()) {
            err.println("liverlens: note: " + PrintableText.escape(p.message()));
        }
        SegReader reader = new SegReader();
        SegMapping m = reader.mapOnto(reader.read(seg), loaded.stack());
        for (String w : m.warnings()) {
            err.println("liverlens: note: " + PrintableText.escape(w));
        }
        String seriesUid = SourceUids.of(loaded.stack()).seriesInstanceUid();
        long t0 = System.nanoTime();
        EditScene scene = service.scene(loaded.volume(), m.segments(), seriesUid, progress, Cancellation.NONE);
        if (EditScene.LIVER_FROM_MODEL.equals(scene.liverSource())) {
            err.println("liverlens: note: the SEG has no liver segment; the liver comes from the default model");
        }
        long t1 = System.nanoTime();
        EditResult r = service.edit(scene, request, backend, seed);
        long t2 = System.nanoTime();
        EditOutput.Written w = service.write(loaded.stack(), scene, r, output);
        long t3 = System.nanoTime();
        for (String n : w.notices()) {
            err.println("liverlens: note: " + PrintableText.escape(n));
        }
        PrintableText.printf(out, "LiverLens edit: series %s (%s)%n", seriesUid, dir);
        PrintableText.printf(out, "  instruction: %s (backend %s, seed %d)%n", request.instruction(), r.backend(),
                r.seed());
        out.printf(Locale.ROOT, "  lesions:     %d before, %d after; liver from the %s%n", scene.lesions().size(),
                r.lesionsAfter().size(), scene.liverSource());
        for (EditStats s : r.stats()) {
            PrintableText.printf(out, "  %-11s  %s: %d voxel(s) changed%s%n", s.kind() + ":", s.edit(),
                    s.changedVoxels(), s.lesion() > 0 ? " (lesion " + s.lesion() + ")" : "");
        }
        out.printf(Locale.ROOT, "  changed:     %d voxel(s) (%.2f mL); every other voxel is bit-identical%n",
                r.changed().count(), r.changed().count() * r.edited().geometry().voxelVolumeMl());
        PrintableText.printf(out, "  wrote:       %s (derived series %s, %d instance(s), marked COUNTERFACTUAL)%n",
                w.seriesFolder(), w.seriesInstanceUid(), w.instances());
        out.println("               " + PrintableText.escape(w.seg()));
        out.println("               " + PrintableText.escape(w.json()));
        out.printf(Locale.ROOT, "  timings:     scene %.1f s, edit %.1f s, write %.1f s%n", (t1 - t0) / 1e9,
                (t2 - t1) / 1e9, (t3 - t2) / 1e9);
        out.flush();
        err.flush();
        return ExitCodes.OK;
    }
}
