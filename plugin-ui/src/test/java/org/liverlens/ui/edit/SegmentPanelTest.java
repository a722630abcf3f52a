package org.liverlens.ui.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Component;
import java.awt.Point;
import java.util.ArrayList;
import java.util.List;

import javax.swing.JTable;
import javax.swing.SwingUtilities;
import javax.swing.table.JTableHeader;
import javax.swing.table.TableColumn;

import org.junit.jupiter.api.Test;
import org.liverlens.ui.Case0697;
import org.liverlens.ui.view.ViewerPanel;

/**
 * The segment table as {@code view --seg} shows it, laid out and painted off screen as
 * {@code --screenshot} does without a display (radcttaceomics 0697 with its manual tumour SEG).
 */
class SegmentPanelTest {

    @Test
    void theColumnHeaderIsShownAboveTheRowsWithoutADisplayToo() throws Exception {
        ViewerPanel panel = Case0697.panel();
        JTable table = panel.segmentPanel().table();
        JTableHeader header = table.getTableHeader();
        assertTrue(SwingUtilities.isDescendingFrom(header, panel), "the header is part of the window");
        assertTrue(header.getHeight() >= 12 && header.getWidth() >= 300, "the header is laid out: " + header.getSize());
        Point h = SwingUtilities.convertPoint(header, 0, 0, panel);
        Point t = SwingUtilities.convertPoint(table, 0, 0, panel);
        assertEquals(h.x, t.x, "the header lies over the rows");
        assertTrue(h.y + header.getHeight() <= t.y, "the header lies above the first row: " + h + " " + t);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < table.getColumnCount(); c++) {
            names.add(table.getColumnName(c));
        }
        assertEquals(List.of("", "Show", "Fill %", "#", "Segment", "Volume mL", "RECIST mm", "HU"), names);
    }

    @Test
    void everyColumnIsWideEnoughForItsHeaderAndItsValues() throws Exception {
        ViewerPanel panel = Case0697.panel();
        JTable table = panel.segmentPanel().table();
        for (int c = 0; c < table.getColumnCount(); c++) {
            TableColumn column = table.getColumnModel().getColumn(c);
            Component head = table.getTableHeader().getDefaultRenderer().getTableCellRendererComponent(table,
                    column.getHeaderValue(), false, false, -1, c);
            int needed = head.getPreferredSize().width;
            for (int r = 0; r < table.getRowCount(); r++) {
                Component cell = table.prepareRenderer(table.getCellRenderer(r, c), r, c);
                needed = Math.max(needed, cell.getPreferredSize().width);
            }
            assertTrue(column.getWidth() >= needed, "column '" + table.getColumnName(c) + "' is " + column.getWidth()
                    + " px wide, its header or a value needs " + needed);
        }
    }
}
