package org.liverlens.ui.edit;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.FlowLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.swing.JButton;
import javax.swing.JFileChooser;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.ListSelectionModel;
import javax.swing.SwingConstants;
import javax.swing.table.DefaultTableCellRenderer;
import javax.swing.table.TableColumn;

import org.liverlens.core.dicom.Stack;
import org.liverlens.core.seg.SegWriter;
import org.liverlens.core.seg.SegWriterOptions;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.ui.ViewerContext;
import org.liverlens.ui.view.SegmentLayer;
import org.liverlens.ui.view.SegmentTableModel;

/**
 * The "Segments" tab: the segment table (show, fill, rename by editing the label), Delete, Undo,
 * Redo and Save as SEG, and the notes of the SEG that was opened. Selecting a row jumps to the
 * segment (its lesion's RECIST slice).
 */
public final class SegmentPanel extends JPanel {
    private static final long serialVersionUID = 1L;
    /** Series number and description of the SEGs the viewer saves. */
    static final int SAVED_SERIES_NUMBER = 902;
    static final String SAVED_SERIES_DESCRIPTION = "LiverLens reviewed segments";

    private static final int COLOUR_WIDTH = 18;
    private static final int COLUMN_MARGIN = 8;
    private static final int LABEL_COLUMN = 4;
    private static final int LABEL_WIDTH = 110;

    private final transient ViewerContext context;
    private final SegmentTableModel model;
    private final JTable table;
    private final transient Consumer<SegmentLayer> jump;
    private final JButton delete = new JButton("Delete");
    private final JButton undo = new JButton("Undo");
    private final JButton redo = new JButton("Redo");
    private final JButton save = new JButton("Save as SEG\u2026");

    /**
     * @param jump    told the layer the user selected
     * @param notes   what loading the SEG had to say (its file name first), or empty
     */
    public SegmentPanel(ViewerContext context, Consumer<SegmentLayer> jump, List<String> notes) {
        super(new BorderLayout());
        this.context = context;
        this.jump = jump;
        Segmentation segmentation = context.segmentation();
        model = new SegmentTableModel(segmentation.layers(), context.state(), this::rename);
        table = new JTable(model);
        table.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        table.setDefaultRenderer(Color.class, new DefaultTableCellRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public Component getTableCellRendererComponent(JTable t, Object value, boolean selected, boolean focus,
                                                           int row, int column) {
                super.getTableCellRendererComponent(t, "", selected, focus, row, column);
                setBackground((Color) value);
                return this;
            }
        });
        table.getColumnModel().getColumn(0).setMaxWidth(COLOUR_WIDTH);
        DefaultTableCellRenderer numbers = new DefaultTableCellRenderer();
        numbers.setHorizontalAlignment(SwingConstants.RIGHT); // the findings line up as the other numbers do
        for (int c = LABEL_COLUMN + 1; c < table.getColumnCount(); c++) {
            table.getColumnModel().getColumn(c).setCellRenderer(numbers);
        }
        fitColumns();
        model.addTableModelListener(e -> fitColumns());
        table.getSelectionModel().addListSelectionListener(e -> {
            int row = table.getSelectedRow();
            if (!e.getValueIsAdjusting() && row >= 0 && row < model.getRowCount()) {
                jump.accept(model.layerAt(row));
            }
            updateButtons();
        });
        delete.addActionListener(e -> deleteSelected());
        undo.addActionListener(e -> segmentation.undo());
        redo.addActionListener(e -> segmentation.redo());
        save.addActionListener(e -> chooseAndSave());
        segmentation.addListener(() -> {
            model.fireTableDataChanged();
            context.state().changed();
            updateButtons();
        });
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.LEADING, 4, 2));
        for (JButton b : List.of(delete, undo, redo, save)) {
            buttons.add(b);
        }
        add(buttons, BorderLayout.NORTH);
        JScrollPane rows = new JScrollPane(table);
        // JTable installs its header into the scroll pane only when it becomes displayable (addNotify):
        // a panel painted without a window (--screenshot with no display) would have rows without it.
        rows.setColumnHeaderView(table.getTableHeader());
        add(rows, BorderLayout.CENTER);
        if (!notes.isEmpty()) {
            JList<String> list = new JList<>(notes.toArray(String[]::new));
            list.setVisibleRowCount(Math.min(6, notes.size()));
            add(new JScrollPane(list), BorderLayout.SOUTH);
        }
        updateButtons();
    }

    /**
     * Gives every column at least the width its header and its widest value need (plus a margin), so
     * that no header or number is cut; the label column takes what is left.
     */
    private void fitColumns() {
        for (int c = 1; c < table.getColumnCount(); c++) {
            TableColumn column = table.getColumnModel().getColumn(c);
            int needed = table.getTableHeader().getDefaultRenderer().getTableCellRendererComponent(table,
                    column.getHeaderValue(), false, false, -1, c).getPreferredSize().width;
            for (int r = 0; r < table.getRowCount(); r++) {
                needed = Math.max(needed, table.prepareRenderer(table.getCellRenderer(r, c), r, c)
                        .getPreferredSize().width);
            }
            int width = needed + COLUMN_MARGIN;
            column.setMinWidth(width);
            column.setPreferredWidth(c == LABEL_COLUMN ? Math.max(width, LABEL_WIDTH) : width);
        }
    }

    public JTable table() {
        return table;
    }

    /**
     * Selects a segment's row; the selection listener jumps to it, as when the user clicks the row
     * (a row selected already is jumped to again: its lesion may have changed).
     */
    public void select(int segmentNumber) {
        for (int row = 0; row < model.getRowCount(); row++) {
            if (model.layerAt(row).number() == segmentNumber) {
                if (table.getSelectedRow() == row) {
                    jump.accept(model.layerAt(row));
                } else {
                    table.setRowSelectionInterval(row, row);
                }
                return;
            }
        }
    }

    /** Deletes the selected segment (undoable). */
    public void deleteSelected() {
        int row = table.getSelectedRow();
        if (row < 0) {
            context.tasks().show("Select the segment to delete in the table first.", true);
            return;
        }
        context.segmentation().remove(model.layerAt(row).number());
    }

    private void rename(int number, String label) {
        try {
            context.segmentation().rename(number, label);
        } catch (IllegalArgumentException e) {
            context.tasks().show("Cannot rename: " + e.getMessage() + ". Use a shorter label.", true);
        }
    }

    private void chooseAndSave() {
        JFileChooser chooser = new JFileChooser();
        Path saved = context.segmentation().savedFile();
        chooser.setSelectedFile((saved != null ? saved : Path.of("seg.dcm")).toFile());
        if (chooser.showSaveDialog(this) == JFileChooser.APPROVE_OPTION) {
            saveAs(chooser.getSelectedFile().toPath());
        }
    }

    /**
     * Writes the segments as a DICOM SEG referencing the shown CT, on a worker thread (the masks are
     * copied first, so edits made while it writes do not reach the file).
     *
     * @return false when there is nothing to save or another task runs
     */
    public boolean saveAs(Path file) {
        Segmentation segmentation = context.segmentation();
        if (segmentation.layers().isEmpty()) {
            context.tasks().show("Nothing to save: add a segment first (Auto segment or the lesion tool).", true);
            return false;
        }
        SegmentSet set = segmentation.toSegmentSet();
        Stack stack = context.data().loaded().stack();
        SegWriterOptions options = SegWriterOptions.defaults().withSeries(SAVED_SERIES_NUMBER,
                SAVED_SERIES_DESCRIPTION);
        return context.tasks().run("Save " + file.getFileName(),
                (progress, cancel) -> new SegWriter().write(set, stack, options, file),
                written -> {
                    segmentation.saved(written.file());
                    context.tasks().show("Saved " + written.file() + " (" + set.segments().size() + " segments, "
                            + written.frames() + " frames)", false);
                });
    }

    private void updateButtons() {
        Segmentation s = context.segmentation();
        delete.setEnabled(table.getSelectedRow() >= 0);
        undo.setEnabled(s.history().canUndo());
        undo.setToolTipText(s.history().nextUndo() == null ? null : "Undo " + s.history().nextUndo());
        redo.setEnabled(s.history().canRedo());
        redo.setToolTipText(s.history().nextRedo() == null ? null : "Redo " + s.history().nextRedo());
        save.setEnabled(!s.layers().isEmpty());
    }

    /** The notes to list under the table: the SEG's file name, then what mapping and measuring said. */
    public static List<String> notesOf(Path segFile, List<String> notes) {
        List<String> lines = new ArrayList<>();
        if (segFile != null) {
            lines.add(segFile.getFileName().toString());
        }
        lines.addAll(notes);
        return lines;
    }
}
