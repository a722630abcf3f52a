package org.liverlens.ui;

import java.awt.Dimension;
import java.awt.event.InputEvent;
import java.awt.event.MouseEvent;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;
import javax.swing.JTabbedPane;
import javax.swing.SwingUtilities;

import org.liverlens.core.service.ClassicalPromptService;
import org.liverlens.core.service.DicomSeriesService;
import org.liverlens.core.service.ExportService;
import org.liverlens.core.service.OutboxExportService;
import org.liverlens.core.service.PromptService;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.ui.app.Screenshot;
import org.liverlens.ui.view.ComparePanel;
import org.liverlens.ui.view.Plane;
import org.liverlens.ui.view.SliceView;
import org.liverlens.ui.view.ViewerData;
import org.liverlens.ui.view.ViewerPanel;

/**
 * Renders the screenshots of docs/viewer.md from the real components; not a test.
 * {@code java -cp ... org.liverlens.ui.DocScreenshots OUT_DIR CT_DIR SEG [COUNTERFACTUAL_DIR]}: the lesion
 * tool after a click beside the SEG's lesion (OUT/viewer-lesion-tool.png), the folder's series list with
 * thumbnails (OUT/viewer-series.png), and compare with the difference view (OUT/viewer-compare.png).
 * {@code ... DocScreenshots --scale IN.png OUT.png WIDTH}: a {@code view --screenshot} PNG scaled and
 * reduced to 256 colours for the docs (docs/viewer.md says which picture comes from where).
 */
public final class DocScreenshots {
    private static final Dimension SIZE = new Dimension(1400, 860);

    private DocScreenshots() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("--scale")) { // --scale IN.png OUT.png WIDTH: a view --screenshot for the docs
            ImageIO.write(indexed(scaled(ImageIO.read(Path.of(args[1]).toFile()), Integer.parseInt(args[3]))), "png",
                    Path.of(args[2]).toFile());
            return;
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        DicomSeriesService series = new DicomSeriesService();
        ViewerData data = ViewerData.load(series, Path.of(args[1]), Path.of(args[2]), Progress.NONE,
                Cancellation.NONE);
        ViewerPanel[] panel = new ViewerPanel[1];
        SwingUtilities.invokeAndWait(() -> {
            ViewerTheme.install(false);
            panel[0] = new ViewerPanel(data, series, (f, uid) -> { });
            PromptService prompts = new ClassicalPromptService();
            ExportService export = new OutboxExportService();
            var segmentation = new org.liverlens.core.service.ModelSegmentationService();
            var edits = new org.liverlens.core.service.CounterfactualEditService();
            for (ViewerTool tool : new ViewerTool[] {
                toolOf("Auto segment", ctx -> (javax.swing.JComponent) construct(
                        "org.liverlens.ui.tools.AutoSegmentPanel", ctx,
                        (java.util.function.Supplier<Object>) () -> segmentation)),
                toolOf("Lesion", ctx -> lesionPanel(ctx, prompts)),
                toolOf("Edit", ctx -> (javax.swing.JComponent) construct("org.liverlens.ui.tools.EditPanel", ctx,
                        (java.util.function.Supplier<Object>) () -> edits)),
                toolOf("Send", ctx -> sendPanel(ctx, export))}) {
                panel[0].addToolTab(tool.name(), tool.createPanel(panel[0]));
            }
            Screenshot.render(panel[0], SIZE);
        });
        ViewerPanel p = panel[0];
        write(p, out.resolve("viewer.png"));
        // the lesion tool: a click on the tumour adds "Lesion 2" beside the manual "Tumor"
        SwingUtilities.invokeAndWait(() -> {
            p.selectTab("Lesion");
            p.setClickTool(null);
        });
        Object lesionTool = ((JTabbedPane) SwingUtilities.getAncestorOfClass(JTabbedPane.class,
                p.segmentPanel())).getComponentAt(((JTabbedPane) SwingUtilities.getAncestorOfClass(
                        JTabbedPane.class, p.segmentPanel())).indexOfTab("Lesion"));
        SwingUtilities.invokeAndWait(() -> call(lesionTool, "setActive", true));
        SliceView axial = p.view(Plane.AXIAL);
        Point2D at = axial.screenOf(p.state().crosshair());
        SwingUtilities.invokeAndWait(() -> {
            axial.dispatchEvent(new MouseEvent(axial, MouseEvent.MOUSE_PRESSED, 0, InputEvent.BUTTON1_DOWN_MASK,
                    (int) at.getX(), (int) at.getY(), 1, false, MouseEvent.BUTTON1));
            axial.dispatchEvent(new MouseEvent(axial, MouseEvent.MOUSE_RELEASED, 0, 0, (int) at.getX(),
                    (int) at.getY(), 1, false, MouseEvent.BUTTON1));
        });
        while (onEdt(() -> p.tasks().busy())) {
            Thread.sleep(100);
        }
        SwingUtilities.invokeAndWait(() -> p.selectTab("Segments"));
        write(p, out.resolve("viewer-lesion-tool.png"));
        SwingUtilities.invokeAndWait(() -> p.selectTab("Folder"));
        Thread.sleep(3000); // the thumbnails of the other series come from a worker
        write(p, out.resolve("viewer-series.png"));
        if (args.length > 3) { // a counterfactual of the CT: "remove lesion 1" with the liver SEG's liver
            var reader = new org.liverlens.core.seg.SegReader();
            var stack = data.loaded().stack();
            var liver = reader.mapOnto(reader.read(Path.of(args[3])), stack).segments();
            var tumour = reader.mapOnto(reader.read(Path.of(args[2])), stack).segments();
            var both = org.liverlens.core.seg.SegmentSet.binary(liver.geometry());
            both.addBinary(liver.segments().get(0).withNumber(1)).addAll(liver.asBinary(liver.segments().get(0).number()));
            both.addBinary(tumour.segments().get(0).withNumber(2)).addAll(tumour.asBinary(tumour.segments().get(0).number()));
            var edit = new org.liverlens.core.service.CounterfactualEditService();
            var scene = edit.scene(data.loaded().volume(), both, stack.first().seriesInstanceUid(), Progress.NONE,
                    Cancellation.NONE);
            var result = edit.edit(scene, edit.parse("remove lesion 1"), null, 1L);
            var written = edit.write(stack, scene, result, Files.createTempDirectory("liverlens-doc-cf"));
            ViewerData cf = ViewerData.load(series, written.seriesFolder(), null, Progress.NONE, Cancellation.NONE);
            ComparePanel[] compare = new ComparePanel[1];
            SwingUtilities.invokeAndWait(() -> compare[0] = new ComparePanel(data, cf));
            write(compare[0], out.resolve("viewer-compare.png"));
        }
        System.exit(0);
    }

    private interface PanelFactory {
        javax.swing.JComponent create(ViewerContext context);
    }

    private static ViewerTool toolOf(String name, PanelFactory factory) {
        return new ViewerTool() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public javax.swing.JComponent createPanel(ViewerContext context) {
                return factory.create(context);
            }
        };
    }

    private static javax.swing.JComponent lesionPanel(ViewerContext ctx, PromptService prompts) {
        return (javax.swing.JComponent) construct("org.liverlens.ui.tools.LesionPanel", ctx,
                (java.util.function.Supplier<PromptService>) () -> prompts);
    }

    private static javax.swing.JComponent sendPanel(ViewerContext ctx, ExportService export) {
        return (javax.swing.JComponent) construct("org.liverlens.ui.tools.SendPanel", ctx,
                (java.util.function.Supplier<ExportService>) () -> export);
    }

    private static Object construct(String type, Object... args) {
        try {
            var c = Class.forName(type).getDeclaredConstructors()[0];
            c.setAccessible(true);
            return c.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void call(Object target, String method, boolean value) {
        try {
            var m = target.getClass().getDeclaredMethod(method, boolean.class);
            m.setAccessible(true);
            m.invoke(target, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean onEdt(java.util.concurrent.Callable<Boolean> c) throws Exception {
        boolean[] r = new boolean[1];
        SwingUtilities.invokeAndWait(() -> {
            try {
                r[0] = c.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return r[0];
    }

    private static void write(javax.swing.JComponent c, Path file) throws Exception {
        BufferedImage[] image = new BufferedImage[1];
        SwingUtilities.invokeAndWait(() -> image[0] = Screenshot.render(c, SIZE));
        // 900 px wide, as the README shows it (bicubic; text stays legible)
        ImageIO.write(indexed(scaled(image[0], 900)), "png", file.toFile());
        System.out.println("wrote " + file);
    }

    /**
     * {@code image} with 256 colours, so that the PNG is small: 128 greys (the CT), and the 128 commonest
     * other colours at 5 bits per channel (overlays, marks, the window's chrome), each other pixel
     * drawn in its nearest.
     */
    private static BufferedImage indexed(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] px = image.getRGB(0, 0, w, h, null, 0, w);
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (int p : px) {
            if (!grey(p)) {
                counts.merge(p & 0xf8f8f8 | 0x040404, 1, Integer::sum);
            }
        }
        int[] colours = counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(128)
                .mapToInt(java.util.Map.Entry::getKey).toArray();
        byte[][] rgb = new byte[3][256];
        for (int i = 0; i < 256; i++) {
            int c = i < 128 ? (i * 255 / 127) * 0x010101 : i - 128 < colours.length ? colours[i - 128] : 0;
            for (int ch = 0; ch < 3; ch++) {
                rgb[ch][i] = (byte) (c >> (16 - 8 * ch));
            }
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED,
                new java.awt.image.IndexColorModel(8, 256, rgb[0], rgb[1], rgb[2]));
        java.awt.image.WritableRaster raster = out.getRaster();
        java.util.Map<Integer, Integer> nearest = new java.util.HashMap<>();
        for (int i = 0; i < px.length; i++) {
            int p = px[i] & 0xffffff;
            int index = grey(p) ? Math.round(((p >> 8) & 255) * 127f / 255f) : nearest.computeIfAbsent(p, q -> {
                int best = 0;
                long bestD = Long.MAX_VALUE;
                for (int k = 0; k < 128 + colours.length; k++) {
                    int c = k < 128 ? (k * 255 / 127) * 0x010101 : colours[k - 128];
                    long d = 0;
                    for (int ch = 0; ch < 24; ch += 8) {
                        long e = ((q >> ch) & 255) - ((c >> ch) & 255);
                        d += e * e;
                    }
                    if (d < bestD) {
                        bestD = d;
                        best = k;
                    }
                }
                return best;
            });
            raster.setSample(i % w, i / w, 0, index);
        }
        return out;
    }

    private static boolean grey(int p) {
        int r = (p >> 16) & 255;
        int g = (p >> 8) & 255;
        int b = p & 255;
        return Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) <= 6;
    }

    /**
     * {@code image} scaled to {@code w} pixels wide, its aspect kept: area averaging, which also smooths
     * the CT's noise, so that the PNG stays small (bicubic kept the noise: 290 kB against ~150 kB).
     */
    private static BufferedImage scaled(BufferedImage image, int w) {
        int h = (int) Math.round(image.getHeight() * (double) w / image.getWidth());
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = small.createGraphics();
        g.drawImage(image.getScaledInstance(w, h, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        return small;
    }
}
