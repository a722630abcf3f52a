package org.liverlens.core.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.liverlens.core.dicom.SkippedFile;
import org.liverlens.core.export.Outbox;
import org.liverlens.core.export.SendReport;
import org.liverlens.core.work.PacsUnavailableException;
import org.liverlens.core.work.PartialSuccessException;
import org.liverlens.core.work.PrintableText;

/** Prints send reports (one line per instance, then a summary) and turns their outcome into the exit code of CLI.md. */
final class SendReportPrinter {
    private SendReportPrinter() {
    }

    static void print(List<SendReport> reports, boolean json, PrintWriter out) {
        if (json) {
            List<Object> list = new ArrayList<>();
            for (SendReport r : reports) {
                list.add(toMap(r));
            }
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(list.size() == 1 ? list.get(0) : list));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            out.flush();
            return;
        }
        for (SendReport r : reports) {
            for (SkippedFile s : r.skipped()) {
                out.printf(Locale.ROOT, "skipped  %s: %s%n", shown(s.file()), PrintableText.of(s.reason()));
            }
            for (SendReport.Instance i : r.instances()) {
                out.printf(Locale.ROOT, "%-8s %s  %s  %s%s%n", label(i.state()), shown(i.source()),
                        PrintableText.of(i.sopInstanceUid()), PrintableText.of(i.status().isEmpty() ? "" : i.status() + " "),
                        PrintableText.of(i.reason()));
            }
            out.println(PrintableText.of(summary(r)));
        }
        out.flush();
    }

    /**
     * Throws the exception whose exit code the reports call for: 4 when a PACS was unreachable (every
     * such job named), 5 when instances failed or damaged jobs were set aside (each named).
     */
    static void raise(List<SendReport> reports, List<Outbox.DamagedJob> damaged) {
        List<SendReport> down = reports.stream().filter(r -> r.unavailable() != null).toList();
        String aside = damaged.isEmpty() ? "" : "; " + damagedSummary(damaged);
        if (!down.isEmpty()) {
            List<String> jobs = new ArrayList<>();
            Set<String> hints = new LinkedHashSet<>();
            boolean transientOnly = true;
            for (SendReport r : down) {
                PacsUnavailableException e = r.unavailable();
                jobs.add((down.size() == 1 ? e.getMessage() + "; job " : "job ") + r.jobId()
                        + (down.size() == 1 ? "" : " → " + r.destination() + ": " + e.getMessage())
                        + " (" + r.instances().size() + " instance(s), " + r.confirmed() + " confirmed)");
                e.hint().ifPresent(hints::add);
                transientOnly &= e.isTransient();
            }
            String hint = String.join("; ", hints);
            if (!hint.contains("outbox flush")) {
                hint = (hint.isEmpty() ? "" : hint + "; then ") + "run 'liverlens outbox flush'";
            }
            String message = down.size() == 1 ? jobs.get(0) + " stays queued in the outbox"
                    : down.size() + " jobs could not be delivered and stay queued in the outbox: " + String.join("; ", jobs);
            throw new PacsUnavailableException(message + aside, hint, transientOnly, down.get(0).unavailable());
        }
        List<String> failures = new ArrayList<>();
        long total = 0;
        for (SendReport r : reports) {
            total += r.instances().size();
            for (SendReport.Instance i : r.failures()) {
                failures.add(shown(i.source()) + " (" + i.sopInstanceUid() + "): " + i.status() + " " + i.reason());
            }
        }
        if (!failures.isEmpty()) {
            throw new PartialSuccessException(failures.size() + " of " + total + " instance(s) were not stored" + aside,
                    failures, "the failed instances stay in the outbox: fix them or the PACS, then 'liverlens outbox flush', "
                            + "or 'liverlens outbox clear --yes'");
        }
        if (!damaged.isEmpty()) {
            throw new PartialSuccessException(damaged.size() + " damaged job(s) set aside, not sent",
                    damaged.stream().map(d -> "job " + d.id() + ": " + d.problem()).toList(),
                    "their files are kept in " + damaged.get(0).dir().getParent() + "; remove them with 'liverlens outbox "
                            + "clear --yes " + damaged.stream().map(Outbox.DamagedJob::id).collect(Collectors.joining(" ")) + "'");
        }
    }

    private static String damagedSummary(List<Outbox.DamagedJob> damaged) {
        return damaged.size() + " damaged job(s) set aside, not sent ("
                + damaged.stream().map(Outbox.DamagedJob::id).collect(Collectors.joining(", ")) + ": see 'liverlens outbox list')";
    }

    /** One line per damaged job: what is wrong, and that its files are kept. */
    static void printDamaged(List<Outbox.DamagedJob> damaged, PrintWriter out) {
        for (Outbox.DamagedJob d : damaged) {
            out.printf(Locale.ROOT, "damaged  job %s set aside, not sent: %s (files kept in %s; remove with "
                    + "'liverlens outbox clear --yes %s')%n", PrintableText.of(d.id()), PrintableText.of(d.problem()),
                    PrintableText.of(d.dir()), PrintableText.of(d.id()));
        }
    }

    static String summary(SendReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "job %s → %s: %d instance(s), %d stored", r.jobId(), r.destination(),
                r.instances().size(), r.count(SendReport.State.SENT) + r.count(SendReport.State.WARNING)));
        if (r.count(SendReport.State.SENT_EARLIER) > 0) {
            sb.append(", ").append(r.count(SendReport.State.SENT_EARLIER)).append(" stored earlier");
        }
        if (r.count(SendReport.State.WARNING) > 0) {
            sb.append(" (").append(r.count(SendReport.State.WARNING)).append(" with warnings)");
        }
        if (!r.failures().isEmpty()) {
            sb.append(", ").append(r.failures().size()).append(" failed");
        }
        if (r.count(SendReport.State.PENDING) > 0) {
            sb.append(", ").append(r.count(SendReport.State.PENDING)).append(" not sent");
        }
        if (r.verification() != null) {
            sb.append("; verified with ").append(r.verification());
        }
        sb.append(String.format(Locale.ROOT, " in %.2f s; ", r.milliseconds() / 1000.0));
        sb.append(r.removed() ? "delivered, removed from the outbox" : "kept in the outbox");
        return sb.toString();
    }

    private static Map<String, Object> toMap(SendReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job", r.jobId());
        m.put("destination", r.destination());
        m.put("instances", r.instances().size());
        m.put("stored", r.count(SendReport.State.SENT) + r.count(SendReport.State.WARNING));
        m.put("storedEarlier", r.count(SendReport.State.SENT_EARLIER));
        m.put("failed", r.failures().size());
        m.put("pending", r.count(SendReport.State.PENDING));
        m.put("verification", r.verification());
        m.put("removedFromOutbox", r.removed());
        m.put("unavailable", r.unavailable() == null ? null : r.unavailable().getMessage());
        m.put("milliseconds", r.milliseconds());
        List<Object> list = new ArrayList<>();
        for (SendReport.Instance i : r.instances()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("file", i.source().toString());
            x.put("sopInstanceUid", i.sopInstanceUid());
            x.put("state", i.state().name());
            x.put("status", i.status());
            x.put("reason", i.reason());
            list.add(x);
        }
        m.put("results", list);
        List<Object> skipped = new ArrayList<>();
        for (SkippedFile s : r.skipped()) {
            skipped.add(Map.of("file", s.file().toString(), "reason", s.reason()));
        }
        m.put("skipped", skipped);
        return m;
    }

    private static String label(SendReport.State s) {
        return switch (s) {
            case SENT -> "stored";
            case WARNING -> "warning";
            case SENT_EARLIER -> "earlier";
            case FAILED -> "FAILED";
            case PENDING -> "queued";
        };
    }

    /** A path relative to the working folder when it lies below it, its control characters escaped. */
    static String shown(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        return PrintableText.escape(p.isAbsolute() && p.startsWith(cwd) ? cwd.relativize(p) : p);
    }
}
