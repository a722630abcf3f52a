package org.liverlens.core.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.HuRange;
import org.liverlens.core.dicom.Problem;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.dicom.SkippedFile;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.LiverLensException;
import org.liverlens.core.work.PrintableText;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code liverlens info DIR}: every series and stack under a folder, with its problems. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "List every DICOM series and stack under DIR (recursive): geometry, transfer syntaxes, "
                + "HU range and problems (skipped files, gaps, uneven spacing, split-out reformats).")
final class InfoCommand implements Callable<Integer> {
    @ParentCommand
    LiverLensCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder (or single file) to scan.")
    Path dir;

    @Option(names = "--json", description = "Print the report as JSON (format in CLI.md).")
    boolean json;

    @Option(names = "--no-hu", description = "Skip decoding pixels for the HU range (faster on large folders).")
    boolean noHu;

    @Override
    public Integer call() throws Exception {
        ConsoleProgress progress = parent.progress();
        ScanResult scan = new DicomScanner().scan(dir, progress, Cancellation.NONE);
        Map<String, Object> report = report(scan, !noHu, progress);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(report));
        } else {
            printText(scan, report, out);
        }
        out.flush();
        if (scan.series().isEmpty()) {
            throw new InvalidInputException("no DICOM image series found (" + scan.skipped().size()
                    + " file(s) skipped, listed above)", dir, "point LiverLens at a folder with DICOM CT images");
        }
        return ExitCodes.OK;
    }

    /** The report of CLI.md as plain maps and lists (serialised to JSON or printed as text). */
    static Map<String, Object> report(ScanResult scan, boolean withHu, org.liverlens.core.work.Progress progress) {
        List<Object> series = new ArrayList<>();
        for (SeriesInfo s : scan.series()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seriesInstanceUid", s.seriesInstanceUid());
            m.put("key", s.key());
            m.put("modality", s.modality());
            m.put("patientName", s.first().patientName());
            m.put("patientId", s.first().patientId());
            m.put("studyInstanceUid", s.first().studyInstanceUid());
            m.put("studyDescription", s.first().studyDescription());
            m.put("seriesDescription", s.first().seriesDescription());
            m.put("seriesNumber", s.first().seriesNumber());
            m.put("frameOfReferenceUid", s.first().frameOfReferenceUid());
            m.put("problems", problems(s.problems()));
            List<Object> stacks = new ArrayList<>();
            for (Stack st : s.stacks()) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("role", st.role().name());
                sm.put("firstFile", st.first().file().toString());
                sm.put("orientationName", DicomScanner.orientationName(st.normal()));
                sm.put("slices", st.slices().size());
                sm.put("instances", st.instanceCount());
                sm.put("rows", st.rows());
                sm.put("columns", st.columns());
                sm.put("spacingMm", st.spacingMm());
                sm.put("sliceThicknessMm", Double.isNaN(st.first().sliceThicknessMm()) ? null : st.first().sliceThicknessMm());
                sm.put("orientation", st.orientation());
                sm.put("origin", st.originMm());
                sm.put("transferSyntaxes", new ArrayList<>(st.transferSyntaxes()));
                Integer huMin = null;
                Integer huMax = null;
                List<Problem> problems = new ArrayList<>(st.problems());
                if (withHu && "CT".equals(st.modality())) {
                    try {
                        short[] range = HuRange.of(st, progress, Cancellation.NONE);
                        huMin = (int) range[0];
                        huMax = (int) range[1];
                    } catch (LiverLensException e) {
                        if (st.problems().stream().noneMatch(p -> p.code() == Problem.Code.UNSUPPORTED_TRANSFER_SYNTAX)) {
                            problems.add(Problem.blocking(Problem.Code.PIXELS_UNREADABLE,
                                    e.file().orElse(null), e.getMessage()));
                        }
                    }
                }
                sm.put("huMin", huMin);
                sm.put("huMax", huMax);
                sm.put("problems", problems(problems));
                stacks.add(sm);
            }
            m.put("stacks", stacks);
            series.add(m);
        }
        List<Object> skipped = new ArrayList<>();
        for (SkippedFile f : scan.skipped()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", f.file().toString());
            m.put("reason", f.reason());
            skipped.add(m);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("root", scan.root().toString());
        report.put("series", series);
        report.put("skipped", skipped);
        return report;
    }

    private static List<Object> problems(List<Problem> problems) {
        List<Object> list = new ArrayList<>();
        for (Problem p : problems) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", p.code().name());
            m.put("file", p.file() == null ? null : p.file().toString());
            m.put("message", p.message());
            m.put("blocking", p.blocking());
            list.add(m);
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private static void printText(ScanResult scan, Map<String, Object> report, PrintWriter out) {
        List<Map<String, Object>> series = (List<Map<String, Object>>) report.get("series");
        PrintableText.printf(out, "%d series under %s%n", series.size(), scan.root());
        int n = 1;
        for (Map<String, Object> s : series) {
            PrintableText.printf(out, "%nSeries %d: %s  [%s] #%s \"%s\"%n", n++, blankAs(s.get("seriesInstanceUid"), "(empty SeriesInstanceUID)"),
                    s.get("modality"), s.get("seriesNumber"), s.get("seriesDescription"));
            PrintableText.printf(out, "  patient \"%s\" (%s), study \"%s\" %s%n", s.get("patientName"), s.get("patientId"),
                    s.get("studyDescription"), s.get("studyInstanceUid"));
            if ("SEG".equals(s.get("modality"))) {
                for (Map<String, Object> st : (List<Map<String, Object>>) s.get("stacks")) {
                    PrintableText.printf(out, "  segmentation object, %s frame(s) of %s×%s: see 'liverlens seg info %s'%n",
                            st.get("slices"), st.get("columns"), st.get("rows"), st.get("firstFile"));
                }
                continue;
            }
            for (Map<String, Object> st : (List<Map<String, Object>>) s.get("stacks")) {
                double[] sp = (double[]) st.get("spacingMm");
                double[] o = (double[]) st.get("origin");
                PrintableText.printf(out, "  stack %s %s: %d slice(s) of %d×%d, spacing %.4f × %.4f × %.4f mm, origin (%.3f, %.3f, %.3f)%n",
                        st.get("role"), st.get("orientationName"), st.get("slices"), st.get("columns"), st.get("rows"),
                        sp[0], sp[1], sp[2], o[0], o[1], o[2]);
                double[] or = (double[]) st.get("orientation");
                PrintableText.printf(out, "    orientation %.4f\\%.4f\\%.4f\\%.4f\\%.4f\\%.4f%n", or[0], or[1], or[2], or[3], or[4], or[5]);
                List<String> ts = ((List<String>) st.get("transferSyntaxes")).stream().map(TransferSyntaxes::name).toList();
                PrintableText.printf(out, "    transfer syntax %s%n", String.join(", ", ts));
                if (st.get("huMin") != null) {
                    PrintableText.printf(out, "    HU %s … %s%n", st.get("huMin"), st.get("huMax"));
                }
                for (Map<String, Object> p : (List<Map<String, Object>>) st.get("problems")) {
                    PrintableText.printf(out, "    %s %s: %s%s%n", Boolean.TRUE.equals(p.get("blocking")) ? "!" : "-",
                            p.get("code"), p.get("message"), p.get("file") == null ? "" : " [" + p.get("file") + "]");
                }
            }
            for (Map<String, Object> p : (List<Map<String, Object>>) s.get("problems")) {
                if (!"EMPTY_UID".equals(p.get("code"))) {
                    continue;
                }
                PrintableText.printf(out, "  - %s: %s%n", p.get("code"), p.get("message"));
            }
        }
        List<Map<String, Object>> skipped = (List<Map<String, Object>>) report.get("skipped");
        if (!skipped.isEmpty()) {
            PrintableText.printf(out, "%nSkipped %d file(s):%n", skipped.size());
            for (Map<String, Object> f : skipped) {
                PrintableText.printf(out, "  %s: %s%n", f.get("file"), f.get("reason"));
            }
        }
    }

    private static Object blankAs(Object v, String fallback) {
        return v == null || v.toString().isEmpty() ? fallback : v;
    }
}
