package org.liverlens.ui.tools;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;

import org.liverlens.core.dicom.Stack;
import org.liverlens.core.segment.Device;
import org.liverlens.core.segment.SegmentationResult;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.service.SegmentWorkflow;
import org.liverlens.core.service.SegmentationService;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.ui.ViewerContext;
import org.liverlens.ui.view.SegOverlay;
import org.liverlens.ui.view.SegmentLayer;

/**
 * The auto-segment tool's panel: device and test-time augmentation, and a button that runs the
 * segmentation on the task bar (progress, Cancel) and adds the liver and lesion segments as one edit.
 */
final class AutoSegmentPanel extends JPanel {
    private static final long serialVersionUID = 1L;

    private final transient ViewerContext context;
    private final transient Supplier<SegmentationService> service;
    private final JComboBox<String> device = new JComboBox<>(new String[] {"auto", "cpu", "gpu"});
    private final JCheckBox tta = new JCheckBox("Mirror test-time augmentation (slower)");
    private final JButton run = new JButton("Segment liver and lesions");

    AutoSegmentPanel(ViewerContext context, Supplier<SegmentationService> service) {
        super(new BorderLayout());
        this.context = context;
        this.service = service;
        JPanel form = new JPanel(new FlowLayout(FlowLayout.LEADING, 6, 4));
        form.add(new JLabel("Device:"));
        form.add(device);
        form.add(tta);
        form.add(run);
        run.addActionListener(e -> start());
        add(form, BorderLayout.NORTH);
        add(new JLabel("<html>Runs the model shipped with LiverLens (as <code>liverlens segment</code>) and adds "
                + "the liver and one segment per lesion, measured. Progress and Cancel are on the bar below the "
                + "views; Undo removes the result.</html>"), BorderLayout.CENTER);
    }

    /** Starts the segmentation on the task bar; false when another task runs. */
    boolean start() {
        SegmentationService s = service.get();
        if (s == null) {
            context.tasks().show("Auto segment is not available now (the segmentation service has gone); "
                    + "restart the viewer.", true);
            return false;
        }
        HuVolume ct = context.data().loaded().volume();
        Stack stack = context.data().loaded().stack();
        SegmenterOptions options = new SegmenterOptions(null, Device.parse((String) device.getSelectedItem()),
                tta.isSelected(), note -> SwingUtilities.invokeLater(() -> context.tasks().show(note, false)));
        return context.tasks().run("Auto segment", (progress, cancel) -> {
            long t0 = System.nanoTime();
            SegmentationResult labels = s.segment(ct, options, progress, cancel);
            return SegmentWorkflow.measure(labels, ct, stack, (System.nanoTime() - t0) / 1e9);
        }, this::add);
    }

    private void add(SegmentWorkflow.Segmented result) {
        int next = context.segmentation().nextNumber();
        List<SegmentLayer> layers = new ArrayList<>();
        for (SegmentLayer l : SegOverlay.layersOf(result.segments(), result.findings())) {
            layers.add(new SegmentLayer(l.segment().withNumber(next++), l.rgb(), l.recommendedColour(), l.mask(),
                    l.lesion()));
        }
        context.segmentation().addAll(layers, "auto segment");
        context.tasks().show(String.format(java.util.Locale.ROOT, "Auto segment: liver and %d lesion(s) in %.1f s",
                result.findings().lesionCount(), result.segmentSeconds()), false);
    }
}
