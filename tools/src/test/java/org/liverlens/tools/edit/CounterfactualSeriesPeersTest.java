package org.liverlens.tools.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.dicom.CtSeries;
import org.liverlens.core.dicom.DicomFiles;
import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.edit.ClassicalBackend;
import org.liverlens.core.edit.EditOutput;
import org.liverlens.core.edit.EditParser;
import org.liverlens.core.edit.EditResult;
import org.liverlens.core.edit.EditScene;
import org.liverlens.core.export.OrthancPeer;
import org.liverlens.core.export.OutboxSender;
import org.liverlens.core.export.PacsExport;
import org.liverlens.core.export.SendReport;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.service.ModelSegmentationService;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.core.work.UserHome;
import org.liverlens.testdicom.SyntheticCt;
import org.liverlens.testdicom.SyntheticCtWriter;

import com.pixelmed.dicom.TagFromName;

/**
 * A counterfactual's derived series and edit-seg.dcm go to a real Orthanc through the outbox, and
 * the derived series segments with the default model.
 */
class CounterfactualSeriesPeersTest {
    @RegisterExtension
    static final OrthancPeer orthanc = OrthancPeer.perClass();

    @TempDir
    Path tmp;

    @Test
    void theDerivedSeriesAndItsSegAreStoredByOrthancAndTheSeriesSegments() throws Exception {
        SyntheticCt ct = new SyntheticCt(SyntheticCt.Params.defaults().withSeed(77).withSize(192, 192, 24)
                .withSpacing(2.0, 5.0).withRandomLesions(2).withLesionDiameterRange(20, 30));
        new SyntheticCtWriter(2).write(ct, tmp.resolve("ct"), tmp.resolve("truth"), Progress.NONE);
        LoadedVolume loaded = CtSeries.load(tmp.resolve("ct"), null, LoadOptions.STRICT, Progress.NONE,
                Cancellation.NONE);
        EditScene scene = SyntheticScenes.of(ct, loaded.volume());
        EditResult r = new ClassicalBackend().apply(scene, new EditParser().parse("remove lesion 1"), 3);
        EditOutput.Written w = EditOutput.write(loaded.stack(), scene, r, tmp.resolve("out"));

        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(w.seriesFolder())) {
            files.addAll(s.sorted().toList());
        }
        files.add(w.seg());
        PacsExport export = new PacsExport(new UserHome(tmp.resolve("home")), Map.of());
        export.config().add(orthanc.dimseNode("orthanc"), false);
        SendReport report = export.send(files, "orthanc", OutboxSender.Options.defaults(), Progress.NONE,
                Cancellation.NONE);
        assertEquals(files.size(), report.count(SendReport.State.SENT));
        Set<String> stored = orthanc.sopInstanceUids();
        for (Path f : files) {
            String uid = DicomFiles.readHeader(f).attributes().get(TagFromName.SOPInstanceUID)
                    .getSingleStringValueOrEmptyString();
            assertTrue(stored.contains(uid), f + " (" + uid + ") is in Orthanc");
        }

        LoadedVolume derived = CtSeries.load(w.seriesFolder(), null, LoadOptions.STRICT, Progress.NONE,
                Cancellation.NONE);
        long liver = new ModelSegmentationService().segment(derived.volume(), SegmenterOptions.defaults(),
                Progress.NONE, Cancellation.NONE).labels().mask(Segmenter.LIVER).count();
        assertTrue(liver > scene.liver().count() / 2, liver + " liver voxels of " + scene.liver().count());
    }
}
