package org.liverlens.core.export;

import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.VerificationSOPClassSCU;

import java.lang.reflect.Field;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedList;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.liverlens.core.work.CancelledException;
import org.liverlens.core.work.PacsUnavailableException;

/**
 * PixelMed's network classes as LiverLens needs them, with their quirks handled here and nowhere
 * else:
 * <ul>
 * <li>PixelMed connects without a time-out: the association is opened on a helper thread bounded
 * by {@link Timeouts#connect()}, and one that opens after that is aborted at once rather than left
 * open;</li>
 * <li>its association has no read time-out and leaves Nagle's algorithm on, with no API for
 * either: the socket (a protected field) gets {@link Timeouts#response()} and TCP_NODELAY by
 * reflection, and when that fails a warning says that a PACS that stops answering can now hang the
 * send;</li>
 * <li>it reports an A-ASSOCIATE-RJ, a C-FIND failure status and an A-ABORT only as message text:
 * they become {@link AssociationRejectedException} (result, source, reason), a refused query, and
 * an unreachable PACS;</li>
 * <li>its own log lines go to SLF4J as configured (the no-op provider on the command line); what
 * LiverLens has to say about the network goes to the logger {@value #LOGGER}, not to a switch on
 * PixelMed's logging for the whole JVM.</li>
 * </ul>
 */
final class PixelMedNetwork {
    static final String LOGGER = "org.liverlens.core.export.dimse";
    static final System.Logger LOG = System.getLogger(LOGGER);
    private static final Pattern FIND_STATUS = Pattern.compile("C-FIND reports failure status (0x[0-9a-fA-F]+)");

    /**
     * How long to wait for an association to open, and for each answer of the PACS once it is open.
     */
    record Timeouts(Duration connect, Duration response) {
        static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(120));

        Timeouts {
            for (Duration d : new Duration[] {connect, response}) {
                if (d == null || d.toMillis() < 1 || d.toMillis() > Duration.ofHours(1).toMillis()) {
                    throw new IllegalArgumentException("a DIMSE time-out must be between 1 ms and 1 h, got " + d);
                }
            }
        }
    }

    private final PacsNode.Dimse node;
    private final Timeouts timeouts;

    PixelMedNetwork(PacsNode.Dimse node, Timeouts timeouts) {
        this.node = node;
        this.timeouts = timeouts;
    }

    Timeouts timeouts() {
        return timeouts;
    }

    /** Opens an association proposing {@code contexts}, its socket tuned; throws what the PACS's answer means. */
    Association open(LinkedList<PresentationContext> contexts) {
        Callable<Association> connect = () -> {
            Association opened = AssociationFactory.createNewAssociation(node.host(), node.port(), node.calledAet(),
                    node.callingAet(), contexts, null, node.tls());
            return opened; // typed as the public Association: PixelMed's AssociationInitiator is package-private
        };
        Association a = bounded(connect, PixelMedNetwork::abortLate);
        tune(a, timeouts.response());
        return a;
    }

    /** C-ECHO on an association of its own (PixelMed's verification SCU opens and releases it). */
    void echo() {
        bounded(() -> new VerificationSOPClassSCU(node.host(), node.port(), node.calledAet(), node.callingAet(),
                node.tls()), late -> { });
    }

    /**
     * Sets the read time-out and TCP_NODELAY on the association's socket; without TCP_NODELAY the
     * last small fragment of each message waits for the PACS's delayed ACK (about 40 ms an
     * instance). Returns false, after a warning, when the socket cannot be reached or set.
     */
    static boolean tune(Association a, Duration readTimeout) {
        try {
            Field f = Association.class.getDeclaredField("socket");
            f.setAccessible(true);
            if (!(f.get(a) instanceof Socket socket)) {
                throw new IllegalStateException("the association has no socket");
            }
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setTcpNoDelay(true);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | SocketException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot set a read time-out of " + readTimeout.toSeconds()
                    + " s on the DICOM association (" + e + "): a PACS that stops answering can make this send wait "
                    + "until it is interrupted");
            return false;
        }
    }

    /**
     * Runs a connection step on a helper thread, so that a host that never answers cannot hang us;
     * what the step opens after the time-out goes to {@code late}.
     */
    <T> T bounded(Callable<T> step, Consumer<T> late) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                T value = step.call();
                if (!result.complete(value)) {
                    late.accept(value);
                }
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "liverlens-dimse-connect");
        t.setDaemon(true);
        t.start();
        try {
            return result.get(timeouts.connect().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (!result.completeExceptionally(e)) {
                return result.join(); // opened just now
            }
            t.interrupt();
            throw unavailable("no answer from PACS '" + node.name() + "' at " + node.address() + " within "
                    + seconds(timeouts.connect()) + " (it accepts connections but does not open the association)", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
            throw new CancelledException();
        } catch (ExecutionException e) {
            throw connectFailure(e.getCause());
        }
    }

    private static void abortLate(Association a) {
        LOG.log(System.Logger.Level.DEBUG, "closing an association that opened after the connect time-out: " + a);
        abort(a);
    }

    /** What a failure to open an association means. */
    PacsUnavailableException connectFailure(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int rj = m.indexOf("A-ASSOCIATE-RJ");
        if (rj >= 0) {
            return rejected(m.substring(rj), e);
        }
        if (m.contains("A-ABORT")) {
            return unavailable("PACS '" + node.name() + "' (" + node.address() + ") aborted the association: " + m, true, e);
        }
        Throwable root = root(e);
        String why = root instanceof ConnectException || m.contains("ConnectException") ? "connection refused"
                : root instanceof UnknownHostException ? "unknown host " + node.host()
                : root instanceof SocketTimeoutException ? "no answer within " + seconds(timeouts.response())
                : root.getMessage() != null && root != e ? root.getMessage() : m;
        return unavailable("cannot reach PACS '" + node.name() + "' at " + node.address() + ": " + why, true, e);
    }

    /**
     * What a failure on an open association means while {@code what} (e.g. "C-STORE of FILE") was
     * under way: no answer in time, or the PACS breaking the association off.
     */
    PacsUnavailableException broken(String what, Throwable e) {
        Throwable root = root(e);
        // PixelMed reports a read time-out as an A-P-ABORT whose text names the SocketTimeoutException
        if (root instanceof SocketTimeoutException || String.valueOf(e.getMessage()).contains("SocketTimeoutException")) {
            return unavailable("PACS '" + node.name() + "' at " + node.address() + " did not answer within "
                    + seconds(timeouts.response()) + " during " + what, true, e);
        }
        String m = String.valueOf(e.getMessage());
        return new PacsUnavailableException("PACS '" + node.name() + "' at " + node.address()
                + (m.contains("A-ABORT") ? " aborted the association" : " broke the connection off") + " during " + what
                + ": " + m, "if this happens again for the same file, the PACS refuses that instance (its log says why); "
                + "otherwise check that the PACS is running ('liverlens nodes echo " + node.name() + "')", true, e);
    }

    /**
     * What a failed C-FIND means: a failure status is the PACS refusing the query (it is running),
     * anything else a broken association.
     */
    PacsUnavailableException findFailed(Throwable e) {
        Matcher status = FIND_STATUS.matcher(String.valueOf(e.getMessage()));
        if (status.find()) {
            return new PacsUnavailableException("PACS '" + node.name() + "' at " + node.address() + " refused the C-FIND "
                    + "query that verifies the sent instances (status " + status.group(1) + ")",
                    "the PACS may not allow queries from AE title " + node.callingAet() + ": ask its administrator, or "
                    + "send without --verify", false, e);
        }
        return broken("C-FIND", e);
    }

    private AssociationRejectedException rejected(String text, Throwable e) {
        String lower = text.toLowerCase(Locale.ROOT);
        int result = lower.contains("rejected-permanent") ? AssociationRejectedException.RESULT_PERMANENT
                : lower.contains("rejected-transient") ? AssociationRejectedException.RESULT_TRANSIENT : 0;
        int source = lower.contains("service user") ? AssociationRejectedException.SOURCE_SERVICE_USER
                : lower.contains("acse") ? AssociationRejectedException.SOURCE_ACSE
                : lower.contains("presentation") ? AssociationRejectedException.SOURCE_PRESENTATION : 0;
        int reason = 0;
        for (int r = 1; r <= 7 && reason == 0; r++) {
            String words = AssociationRejectedException.reasonText(source, r);
            if (!words.startsWith("reason ") && lower.contains(words.toLowerCase(Locale.ROOT))) {
                reason = r;
            }
        }
        String hint = switch (reason == 0 || source != AssociationRejectedException.SOURCE_SERVICE_USER ? 0 : reason) {
            case AssociationRejectedException.REASON_CALLING_AET_NOT_RECOGNIZED -> "the PACS must know our AE title "
                    + node.callingAet() + " at this host: ask its administrator, or change the node (--calling-aet)";
            case AssociationRejectedException.REASON_CALLED_AET_NOT_RECOGNIZED -> "the PACS is not called "
                    + node.calledAet() + ": check its AE title with its administrator and change the node (--aet)";
            default -> "the PACS must know our AE title " + node.callingAet() + " (at this host) and call itself "
                    + node.calledAet() + "; check both with its administrator, or change the node (--aet, --calling-aet)";
        };
        String words = (result == AssociationRejectedException.RESULT_TRANSIENT ? "rejected-transient" : "rejected-permanent")
                + " by " + switch (source) {
                    case AssociationRejectedException.SOURCE_SERVICE_USER -> "the DICOM UL service-user";
                    case AssociationRejectedException.SOURCE_ACSE -> "the DICOM UL service-provider (ACSE)";
                    case AssociationRejectedException.SOURCE_PRESENTATION -> "the DICOM UL service-provider (presentation)";
                    default -> "the PACS";
                } + ", " + AssociationRejectedException.reasonText(source, reason);
        return new AssociationRejectedException("PACS '" + node.name() + "' (" + node.address() + ") rejected the "
                + "association from calling AE title " + node.callingAet() + ": " + words + " (result " + result
                + ", source " + source + ", reason " + reason + ")", hint, result, source, reason, e);
    }

    PacsUnavailableException unavailable(String message, boolean transientFailure, Throwable cause) {
        return new PacsUnavailableException(message, "check that the PACS is running and reachable "
                + "('liverlens nodes echo " + node.name() + "')", transientFailure, cause);
    }

    static void release(Association a) {
        try {
            a.release();
        } catch (DicomNetworkException | RuntimeException e) {
            // every instance has its answer already; a failed release changes nothing
        }
    }

    static void abort(Association a) {
        try {
            a.abort();
        } catch (DicomNetworkException | RuntimeException e) {
            // the connection is gone already
        }
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
