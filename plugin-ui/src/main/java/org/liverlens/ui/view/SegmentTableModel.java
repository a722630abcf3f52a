package org.liverlens.ui.view;

import java.awt.Color;
import java.util.List;
import java.util.Locale;

import javax.swing.table.AbstractTableModel;

import org.liverlens.core.measure.LesionMeasurement;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * The segment table: per segment its colour, visibility (editable), fill opacity in percent
 * (editable), number, label (editable: a rename), and the findings measured on it: volume, RECIST
 * long/short axis and mean HU for lesions (a lesion segment split into several lesions shows the
 * largest), volume for the others.
 */
public final class SegmentTableModel extends AbstractTableModel {
    private static final long serialVersionUID = 1L;
    private static final String[] COLUMNS = {"", "Show", "Fill %", "#", "Segment", "Volume mL", "RECIST mm", "HU"};

    /** Receives a new label typed into the table. */
    public interface Renamer {
        void rename(int segmentNumber, String label);
    }

    private final transient List<SegmentLayer> layers;
    private final double voxelVolumeMl;
    private final transient ViewState state;
    private final transient Renamer renamer;

    /** @param layers a live list: the table shows what it holds when asked */
    public SegmentTableModel(List<SegmentLayer> layers, ViewState state, Renamer renamer) {
        this.layers = layers;
        VolumeGeometry g = state.geometry();
        double[] s = g.spacingMm();
        this.voxelVolumeMl = s[0] * s[1] * s[2] / 1000.0;
        this.state = state;
        this.renamer = renamer;
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
        return column == 1 || column == 2 || column == 4;
    }

    @Override
    public Object getValueAt(int row, int column) {
        SegmentLayer l = layers.get(row);
        LesionMeasurement lesion = l.lesion();
        return switch (column) {
            case 0 -> new Color(l.rgb());
            case 1 -> l.visible();
            case 2 -> (int) Math.round(l.opacity() * 100);
            case 3 -> l.number();
            case 4 -> l.label();
            case 5 -> String.format(Locale.ROOT, "%.1f", l.mask().count() * voxelVolumeMl);
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
        } else if (column == 4) {
            String label = String.valueOf(value).strip();
            if (!label.isEmpty() && !label.equals(l.label())) {
                renamer.rename(l.number(), label); // the segmentation tells the table
                return;
            }
        }
        fireTableRowsUpdated(row, row);
        state.changed();
    }

    /** The layer shown in a row. */
    public SegmentLayer layerAt(int row) {
        return layers.get(row);
    }
}
