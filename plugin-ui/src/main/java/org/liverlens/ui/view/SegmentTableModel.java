package org.liverlens.ui.view;

import java.awt.Color;
import java.util.List;
import java.util.Locale;

import javax.swing.table.AbstractTableModel;

import org.liverlens.core.measure.Findings;
import org.liverlens.core.measure.LesionMeasurement;

/**
 * The segment table: per segment its colour, visibility (editable), fill opacity in percent
 * (editable), label, and the findings measured on it: volume, RECIST long/short axis and mean HU for
 * lesions (a lesion segment split into several lesions shows the largest), volume for the liver.
 */
public final class SegmentTableModel extends AbstractTableModel {
    private static final long serialVersionUID = 1L;
    private static final String[] COLUMNS = {"", "Show", "Fill %", "#", "Segment", "Volume mL", "RECIST mm", "HU"};

    private final transient List<SegmentLayer> layers;
    private final transient Findings findings;
    private final transient ViewState state;

    public SegmentTableModel(List<SegmentLayer> layers, Findings findings, ViewState state) {
        this.layers = layers;
        this.findings = findings;
        this.state = state;
    }

    @Override
    public int getRowCount() {
        return layers.size();
    }

    @Override
    public int getColumnCount() {
        return COLUMNS.length;
    }

    @Override
    public String getColumnName(int column) {
        return COLUMNS[column];
    }

    @Override
    public Class<?> getColumnClass(int column) {
        return switch (column) {
            case 0 -> Color.class;
            case 1 -> Boolean.class;
            case 2, 3 -> Integer.class;
            default -> String.class;
        };
    }

    @Override
    public boolean isCellEditable(int row, int column) {
        return column == 1 || column == 2;
    }

    @Override
    public Object getValueAt(int row, int column) {
        SegmentLayer l = layers.get(row);
        LesionMeasurement lesion = lesionOf(l.number());
        return switch (column) {
            case 0 -> new Color(l.rgb());
            case 1 -> l.visible();
            case 2 -> (int) Math.round(l.opacity() * 100);
            case 3 -> l.number();
            case 4 -> l.label();
            case 5 -> String.format(Locale.ROOT, "%.1f", l.mask().count() * findings.voxelVolumeMl());
            case 6 -> lesion == null || lesion.recist() == null ? "" : String.format(Locale.ROOT, "%.1f × %.1f",
                    lesion.recist().longMm(), lesion.recist().shortMm());
            case 7 -> lesion == null ? "" : String.format(Locale.ROOT, "%.0f ± %.0f", lesion.hu().mean(),
                    lesion.hu().sd());
            default -> throw new IllegalArgumentException("no column " + column);
        };
    }

    @Override
    public void setValueAt(Object value, int row, int column) {
        SegmentLayer l = layers.get(row);
        if (column == 1) {
            l.setVisible((Boolean) value);
        } else if (column == 2) {
            l.setOpacity(((Integer) value) / 100.0);
        }
        fireTableRowsUpdated(row, row);
        state.changed();
    }

    /** The largest lesion measured on a segment, or null for a segment that is not a lesion. */
    public LesionMeasurement lesionOf(int segmentNumber) {
        return findings.lesions().stream().filter(m -> m.segmentNumber() == segmentNumber).findFirst().orElse(null);
    }
}
