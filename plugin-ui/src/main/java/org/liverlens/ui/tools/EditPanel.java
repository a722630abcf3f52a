package org.liverlens.ui.tools;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextField;

import org.liverlens.core.dicom.Stack;
import org.liverlens.core.edit.EditRequest;
import org.liverlens.core.edit.EditResult;
import org.liverlens.core.edit.EditScene;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.seg.SourceUids;
import org.liverlens.core.service.EditService;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.work.UserHome;
import org.liverlens.ui.ViewerContext;

/**
 * The edit tool's panel: an instruction box, the backend, and where the derived series goes (by
 * default a new folder under the user folder's {@code counterfactuals/}). "Edit" parses, builds the
 * scene from the shown segments, edits and writes on the task bar, then opens the counterfactual
 * beside the original, where it carries its marking. A bad instruction is a message quoting what is
 * not understood.
 */
final class EditPanel extends JPanel {
    private static final long serialVersionUID = 1L;

    private final transient ViewerContext context;
    private final transient Supplier<EditService> service;
    private final JTextField instruction = new JTextField("remove lesion 1", 28);
    private final JComboBox<String> backend = new JComboBox<>();
    private final JTextField output = new JTextField(28);

    EditPanel(ViewerContext context, Supplier<EditService> service) {
        super(new BorderLayout());
        this.context = context;
        this.service = service;
        EditService s = service.get();
        if (s != null) {
            s.backends().forEach(backend::addItem);
        }
        output.setText(defaultOutput().toString());
        JButton run = new JButton("Edit");
        run.addActionListener(e -> start());
        instruction.addActionListener(e -> start());
        JPanel form = new JPanel(new FlowLayout(FlowLayout.LEADING, 6, 4));
        form.add(new JLabel("Instruction:"));
        form.add(instruction);
        form.add(new JLabel("Backend:"));
        form.add(backend);
        form.add(new JLabel("Write to:"));
        form.add(output);
        form.add(run);
        add(form, BorderLayout.NORTH);
        add(new JLabel("<html>Examples: <i>remove lesion 2</i>, <i>make lesion 1 20 mm</i>, <i>add a 15 mm "
                + "hypodense lesion near lesion 1</i>. Lesions are numbered as in the Segments tab's findings. The "
                + "result is a new DERIVED series marked COUNTERFACTUAL, opened beside the original.</html>"),
                BorderLayout.CENTER);
    }

    void setInstruction(String text) {
        instruction.setText(text);
    }

    void setOutput(Path folder) {
        output.setText(folder.toString());
    }

    private static Path defaultOutput() {
        return UserHome.fromEnvironment().root().resolve("counterfactuals")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /** Starts the edit on the task bar; false when there is nothing to do or another task runs. */
    boolean start() {
        EditService s = service.get();
        if (s == null) {
            context.tasks().show("Editing is not available now (the edit service has gone); restart the viewer.",
                    true);
            return false;
        }
        String text = instruction.getText().strip();
        if (text.isEmpty()) {
            context.tasks().show("Type an instruction first, e.g. \u201cremove lesion 1\u201d.", true);
            return false;
        }
        HuVolume ct = context.data().loaded().volume();
        Stack stack = context.data().loaded().stack();
        SegmentSet segments = context.segmentation().toSegmentSet(); // a copy: edits meanwhile do not reach it
        String uid = SourceUids.of(stack).seriesInstanceUid();
        String chosen = (String) backend.getSelectedItem();
        Path folder = Path.of(output.getText().strip());
        return context.tasks().run("Edit \u201c" + text + "\u201d", (progress, cancel) -> {
            EditRequest request = s.parse(text);
            EditScene scene = s.scene(ct, segments, uid, progress, cancel);
            cancel.check();
            EditResult result = s.edit(scene, request, chosen, 1L);
            cancel.check();
            return s.write(stack, scene, result, folder);
        }, written -> {
            output.setText(defaultOutput().toString()); // the next edit does not overwrite this one
            context.tasks().show("Wrote the counterfactual series to " + written.seriesFolder() + " ("
                    + written.instances() + " images); it opens beside the original", false);
            context.compareWith(written.seriesFolder());
        });
    }
}
