package org.liverlens.ui.tools;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.util.List;
import java.util.function.Supplier;

import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JToggleButton;

import org.liverlens.core.measure.LesionMeasurement;
import org.liverlens.core.measure.SegmentColours;
import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.prompt.PromptResult;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SourceUids;
import org.liverlens.core.service.PromptService;
import org.liverlens.core.service.PromptedLesion;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.ui.ClickTool;
import org.liverlens.ui.ViewerContext;
import org.liverlens.ui.edit.Segmentation;
import org.liverlens.ui.view.SegmentLayer;

/**
 * The lesion tool's panel. While "Click lesions" is on, a left click in a view finds the lesion
 * there and adds it as a new segment; further clicks correct that lesion (Ctrl+click removes what
 * lies around the click); a drag on the axial view is a box. "New lesion" makes the next click start
 * another. Each result is one undoable edit. The service runs on the task bar, off the event thread.
 */
final class LesionPanel extends JPanel implements ClickTool {
    private static final long serialVersionUID = 1L;

    private final transient ViewerContext context;
    private final transient Supplier<PromptService> service;
    private final JToggleButton active = new JToggleButton("Click lesions");
    private final JLabel current = new JLabel(" ");
    private int lesionNumber;

    LesionPanel(ViewerContext context, Supplier<PromptService> service) {
        super(new BorderLayout());
        this.context = context;
        this.service = service;
        JButton fresh = new JButton("New lesion");
        fresh.addActionListener(e -> {
            lesionNumber = 0;
            current.setText("The next click starts a new lesion.");
        });
        active.addActionListener(e -> context.setClickTool(active.isSelected() ? this : null));
        JPanel bar = new JPanel(new FlowLayout(FlowLayout.LEADING, 6, 4));
        bar.add(active);
        bar.add(fresh);
        add(bar, BorderLayout.NORTH);
        add(new JLabel("<html>With <b>Click lesions</b> on: left click on a lesion adds it; more clicks correct it "
                + "(Ctrl+click: remove around the click); drag a box on the axial view around a lesion. "
                + "Right-drag still sets the window. Undo takes a lesion or a correction back.</html>"),
                BorderLayout.CENTER);
        add(current, BorderLayout.SOUTH);
    }

    /** Turns the click mode on or off, as the toggle button does. */
    void setActive(boolean on) {
        active.setSelected(on);
        context.setClickTool(on ? this : null);
    }

    /** The segment number the next click corrects (0: the next click starts a new lesion). */
    int lesionNumber() {
        return lesionNumber;
    }

    @Override
    public void click(int[] v, boolean positive) {
        Segmentation segmentation = context.segmentation();
        SegmentLayer lesion = lesionNumber == 0 ? null : segmentation.layer(lesionNumber);
        Prompt.Click click = new Prompt.Click(v[0], v[1], v[2]);
        if (lesion == null) {
            if (!positive) {
                context.tasks().show("A Ctrl+click corrects a lesion: first click inside the lesion to add it.", true);
                return;
            }
            start(new Prompt(List.of(click), List.of(), null));
            return;
        }
        PromptService s = require();
        if (s == null) {
            return;
        }
        HuVolume ct = context.data().loaded().volume();
        BitMask liver = liver();
        BitMask before = copy(lesion.mask());
        Segment segment = lesion.segment();
        String uid = seriesUid();
        int number = lesion.number();
        context.tasks().run(positive ? "Add to " + segment.label() : "Remove from " + segment.label(),
                (progress, cancel) -> {
                    PromptResult r = s.correct(ct, liver, before, click, positive);
                    return new Found(r, PromptedLesion.measure(ct, segment, r.mask(), uid));
                },
                found -> {
                    if (segmentation.layer(number) == null) {
                        context.tasks().show(segment.label() + " was deleted meanwhile: click to start a new lesion.",
                                true);
                        return;
                    }
                    segmentation.changeMask(number, found.result().mask(), found.lesion(),
                            (positive ? "add to " : "remove from ") + segment.label());
                    current.setText(describe(segmentation.layer(number)));
                });
    }

    @Override
    public void box(int[] a, int[] b) {
        start(new Prompt(List.of(), List.of(), new Prompt.Box(a[0], a[1], b[0], b[1], a[2])));
    }

    private void start(Prompt prompt) {
        PromptService s = require();
        if (s == null) {
            return;
        }
        HuVolume ct = context.data().loaded().volume();
        BitMask liver = liver();
        Segmentation segmentation = context.segmentation();
        int number = segmentation.nextNumber();
        String uid = seriesUid();
        context.tasks().run("Find the lesion", (progress, cancel) -> {
            PromptResult r = s.segment(ct, liver, prompt.inside(ct.geometry()));
            if (r.isEmpty()) {
                return new Found(r, null);
            }
            Segment segment = PromptedLesion.segment(number, "Lesion " + number, r, s);
            return new Found(r, PromptedLesion.measure(ct, segment, r.mask(), uid));
        }, found -> {
            PromptResult r = found.result();
            if (r.isEmpty()) {
                context.tasks().show("No lesion found there: " + r.reason()
                        + ". Click on the lesion itself, or drag a box around it on the axial view.", true);
                return;
            }
            int n = segmentation.nextNumber(); // the same unless a segment was added meanwhile
            Segment segment = PromptedLesion.segment(n, "Lesion " + n, r, s);
            int[] rgb = SegmentColours.lesion(n);
            segmentation.add(new SegmentLayer(segment, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2], false, r.mask(),
                    found.lesion()));
            lesionNumber = n;
            context.select(n); // its row: the views jump to its RECIST slice and draw its calipers
            current.setText(describe(segmentation.layer(n)));
            context.tasks().show("Added " + describe(segmentation.layer(n)), false);
        });
    }

    private PromptService require() {
        PromptService s = service.get();
        if (s == null) {
            context.tasks().show("The lesion tool is not available now (the prompt service has gone); restart the "
                    + "viewer.", true);
        }
        return s;
    }

    /** The liver with its lesion segments, as {@code liverlens prompt --seg} takes it, or null without a liver. */
    private BitMask liver() {
        Segmentation segmentation = context.segmentation();
        return PromptedLesion.liver(context.data().loaded().volume().geometry(),
                segmentation.layers().stream().map(SegmentLayer::segment).toList(),
                number -> segmentation.layer(number).mask());
    }

    private String seriesUid() {
        return SourceUids.of(context.data().loaded().stack()).seriesInstanceUid();
    }

    private static BitMask copy(BitMask m) {
        BitMask c = new BitMask(m.geometry());
        c.addAll(m);
        return c;
    }

    private static String describe(SegmentLayer l) {
        LesionMeasurement m = l.lesion();
        return m == null || m.recist() == null ? l.label() + ": clicks now correct it"
                : String.format(java.util.Locale.ROOT, "%s: %.1f mL, RECIST %.1f × %.1f mm; clicks now correct it",
                        l.label(), m.volumeMl(), m.recist().longMm(), m.recist().shortMm());
    }

    private record Found(PromptResult result, LesionMeasurement lesion) {
    }
}
