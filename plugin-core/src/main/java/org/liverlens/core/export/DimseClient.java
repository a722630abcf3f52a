package org.liverlens.core.export;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.DicomStreamCopier;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.AReleaseException;
import com.pixelmed.network.Association;
import com.pixelmed.network.CStoreRequestCommandMessage;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.FindSOPClassSCU;
import com.pixelmed.network.IdentifierHandler;
import com.pixelmed.network.PresentationContext;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.liverlens.core.dicom.Datasets;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.CancelledException;
import org.liverlens.core.work.PacsUnavailableException;

/**
 * DICOM DIMSE on PixelMed's network classes: C-ECHO, C-STORE and C-FIND at IMAGE level.
 *
 * <p>C-STORE sends the instances over a few associations at once (PACS store in parallel; one
 * association per worker, one instance at a time on each) and reads the status of every response
 * itself: PixelMed's multiple-file SCU counts refusals among the "completed" ones. For every SOP Class it proposes Explicit and Implicit VR
 * Little Endian, and every other transfer syntax the files have, each in a context of its own;
 * a file whose own transfer syntax was accepted is streamed as it is on disk, an uncompressed one
 * is re-encoded into the accepted uncompressed syntax, a compressed one the PACS does not accept
 * is reported as refused (LiverLens does not transcode compressed pixel data).
 *
 * <p>Associations are opened through {@link PixelMedNetwork}, which bounds the connection, sets
 * the read time-out and turns PixelMed's failures into typed ones.
 */
final class DimseClient implements PacsClient {
    private static final int MAX_CONTEXTS = 127;
    /** Fewer instances than this per association are not worth opening another one. */
    private static final int MIN_INSTANCES_PER_ASSOCIATION = 4;
    private static final Set<String> UNCOMPRESSED = Set.of(TransferSyntaxes.IMPLICIT_LE, TransferSyntaxes.EXPLICIT_LE,
            TransferSyntaxes.EXPLICIT_BE);

    private final PacsNode.Dimse node;
    private final PixelMedNetwork network;

    DimseClient(PacsNode.Dimse node) {
        this(node, PixelMedNetwork.Timeouts.DEFAULT);
    }

    DimseClient(PacsNode.Dimse node, PixelMedNetwork.Timeouts timeouts) {
        this.node = node;
        this.network = new PixelMedNetwork(node, timeouts);
    }

    @Override
    public PacsNode node() {
        return node;
    }

    @Override
    public String verificationMethod() {
        return "C-FIND";
    }

    @Override
    public EchoResult echo() {
        long t0 = System.nanoTime();
        network.echo();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new EchoResult(node, "C-ECHO", ms, "C-ECHO " + node.callingAet() + " → " + node.address() + ": success");
    }

    /**
     * Stores over up to {@link PacsNode.Dimse#associations()} associations at once, each taking
     * the next instance from a shared queue; results reach {@code results} one at a time. An
     * association the PACS refuses while another works is not an error (some PACS allow only one
     * per AE title); the instances are sent by the others.
     */
    @Override
    public void store(List<DicomInstance> instances, Consumer<InstanceResult> results, Cancellation cancel) {
        Object lock = new Object();
        Consumer<InstanceResult> oneAtATime = r -> {
            synchronized (lock) {
                results.accept(r);
            }
        };
        for (List<DicomInstance> group : groups(instances)) {
            storeGroup(group, oneAtATime, cancel);
        }
    }

    private void storeGroup(List<DicomInstance> group, Consumer<InstanceResult> results, Cancellation cancel) {
        Contexts contexts = new Contexts(group);
        Queue<DicomInstance> queue = new ConcurrentLinkedQueue<>(group);
        int workers = Math.max(1, Math.min(node.associations(), group.size() / MIN_INSTANCES_PER_ASSOCIATION));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger brokenOff = new AtomicInteger();
        List<FutureTask<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            FutureTask<Void> task = new FutureTask<>(() -> {
                work(queue, contexts, results, cancel, stop, brokenOff);
                return null;
            });
            tasks.add(task);
            if (w < workers - 1) {
                Thread t = new Thread(task, "liverlens-c-store-" + (w + 1));
                t.setDaemon(true);
                t.start();
            }
        }
        tasks.get(workers - 1).run();
        RuntimeException failure = null;
        for (FutureTask<Void> task : tasks) {
            try {
                task.get();
            } catch (InterruptedException e) {
                stop.set(true);
                Thread.currentThread().interrupt();
                throw new CancelledException();
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                        : new IllegalStateException(e.getCause());
                // a bug or a cancellation outranks an unreachable PACS
                if (failure == null || (failure instanceof PacsUnavailableException && !(cause instanceof PacsUnavailableException))) {
                    failure = cause;
                }
            }
        }
        if (failure != null && (!(failure instanceof PacsUnavailableException) || !queue.isEmpty() || brokenOff.get() > 0)) {
            throw failure;
        }
    }

    /** One association: takes instances from the queue until it is empty. */
    private void work(Queue<DicomInstance> queue, Contexts contexts, Consumer<InstanceResult> results,
                      Cancellation cancel, AtomicBoolean stop, AtomicInteger brokenOff) {
        if (queue.isEmpty()) {
            return;
        }
        Association a = network.open(contexts.list);
        DicomInstance d = null;
        try {
            while (!stop.get() && (d = queue.poll()) != null) {
                cancel.check();
                results.accept(storeOne(a, contexts, d));
                d = null;
            }
            PixelMedNetwork.release(a);
        } catch (DicomNetworkException | AReleaseException | IOException e) {
            PixelMedNetwork.abort(a);
            if (d != null) {
                brokenOff.incrementAndGet();
            }
            throw network.broken(d == null ? "C-STORE" : "C-STORE of SOP Instance UID " + d.sopInstanceUid(), e);
        } catch (RuntimeException e) {
            stop.set(true);
            PixelMedNetwork.abort(a);
            if (d != null) {
                brokenOff.incrementAndGet();
            }
            throw e;
        }
    }

    @Override
    public Set<String> instancesIn(String studyInstanceUid, String seriesInstanceUid) {
        LinkedList<PresentationContext> pcs = new LinkedList<>();
        pcs.add(new PresentationContext((byte) 1, SOPClass.StudyRootQueryRetrieveInformationModelFind,
                new LinkedList<>(List.of(TransferSyntaxes.EXPLICIT_LE, TransferSyntaxes.IMPLICIT_LE))));
        Association a = network.open(pcs);
        AttributeList identifier = new AttributeList();
        Datasets.put(identifier, TagFromName.QueryRetrieveLevel, "IMAGE");
        Datasets.put(identifier, TagFromName.StudyInstanceUID, studyInstanceUid);
        Datasets.put(identifier, TagFromName.SeriesInstanceUID, seriesInstanceUid);
        Datasets.put(identifier, TagFromName.SOPInstanceUID);
        Set<String> found = new HashSet<>();
        try {
            new FindSOPClassSCU(a, SOPClass.StudyRootQueryRetrieveInformationModelFind, identifier, new IdentifierHandler() {
                @Override
                public void doSomethingWithIdentifier(AttributeList list) {
                    String uid = Attribute.getSingleStringValueOrNull(list, TagFromName.SOPInstanceUID);
                    if (uid != null) {
                        found.add(uid.strip());
                    }
                }
            });
            PixelMedNetwork.release(a);
        } catch (DicomNetworkException | DicomException | IOException e) {
            PixelMedNetwork.abort(a);
            throw network.findFailed(e);
        }
        return found;
    }

    private InstanceResult storeOne(Association a, Contexts contexts, DicomInstance d)
            throws DicomNetworkException, AReleaseException, IOException {
        String fileTs = d.transferSyntaxUid();
        Byte own = contexts.accepted(a, d.sopClassUid(), fileTs);
        byte pc;
        String ts;
        if (own != null) {
            pc = own;
            ts = fileTs;
        } else {
            Byte plain = contexts.accepted(a, d.sopClassUid(), null);
            if (plain == null) {
                return refused(d, "the PACS accepted no presentation context for SOP Class " + d.sopClassUid()
                        + " (it does not store this kind of object)");
            }
            if (!UNCOMPRESSED.contains(fileTs)) {
                return refused(d, "the PACS does not accept " + TransferSyntaxes.name(fileTs) + " for SOP Class "
                        + d.sopClassUid() + "; LiverLens does not transcode compressed pixel data");
            }
            pc = plain;
            ts = a.getTransferSyntaxForPresentationContextID(pc);
        }
        CStoreRequestCommandMessage request;
        try {
            request = new CStoreRequestCommandMessage(d.sopClassUid(), d.sopInstanceUid());
        } catch (DicomException e) {
            throw new IOException(e);
        }
        StoreResponse response = new StoreResponse();
        a.setReceivedDataHandler(response);
        a.send(pc, request.getBytes(), null);
        OutputStream out = a.getAssociationOutputStream(pc);
        if (ts.equals(fileTs)) {
            copyDataset(d, out);
            out.close();
        } else {
            reencode(d, ts, out);
        }
        a.waitForCommandPDataPDUs();
        if (!response.received) {
            throw new DicomNetworkException("no C-STORE response for " + d.sopInstanceUid());
        }
        if (response.affectedInstance != null && !response.affectedInstance.equals(d.sopInstanceUid())) {
            throw new DicomNetworkException("the C-STORE response names instance " + response.affectedInstance
                    + " instead of " + d.sopInstanceUid());
        }
        int status = response.getStatus() & 0xffff;
        String reason = DimseStatus.meaning(status) + (response.errorComment == null ? "" : " (" + response.errorComment + ")");
        return new InstanceResult(d, DimseStatus.outcome(status), DimseStatus.hex(status), reason);
    }

    private static InstanceResult refused(DicomInstance d, String why) {
        return new InstanceResult(d, Outcome.FAILED, "no presentation context", why);
    }

    /** Streams the dataset bytes as they are on disk, after the file meta information. */
    private static void copyDataset(DicomInstance d, OutputStream out) throws IOException {
        try (FileChannel ch = FileChannel.open(d.file(), StandardOpenOption.READ)) {
            ch.position(d.datasetOffset());
            InputStream in = Channels.newInputStream(ch);
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        }
    }

    /**
     * Re-encodes an uncompressed dataset into another uncompressed transfer syntax, as PixelMed's
     * storage SCU does; the copier closes {@code out}, which ends the message.
     */
    private static void reencode(DicomInstance d, String ts, OutputStream out) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(d.file()), 1 << 16);
             DicomInputStream in = d.part10() ? new DicomInputStream(raw)
                     : new DicomInputStream(raw, TransferSyntaxes.IMPLICIT_LE, false)) {
            if (in.haveMetaHeader()) {
                new AttributeList().readOnlyMetaInformationHeader(in);
            }
            new DicomStreamCopier(in, new DicomOutputStream(out, null, ts));
        } catch (DicomException e) {
            throw new IOException("cannot re-encode " + d.file() + " as " + TransferSyntaxes.name(ts) + ": " + e.getMessage(), e);
        }
    }

    /** Splits instances so that no association needs more than {@link #MAX_CONTEXTS} presentation contexts. */
    private static List<List<DicomInstance>> groups(List<DicomInstance> instances) {
        Map<String, List<DicomInstance>> bySopClass = new LinkedHashMap<>();
        for (DicomInstance d : instances) {
            bySopClass.computeIfAbsent(d.sopClassUid(), k -> new ArrayList<>()).add(d);
        }
        List<List<DicomInstance>> groups = new ArrayList<>();
        List<DicomInstance> current = new ArrayList<>();
        int contexts = 0;
        for (List<DicomInstance> same : bySopClass.values()) {
            int needed = 1 + (int) same.stream().map(DicomInstance::transferSyntaxUid)
                    .filter(ts -> !ts.equals(TransferSyntaxes.EXPLICIT_LE) && !ts.equals(TransferSyntaxes.IMPLICIT_LE))
                    .distinct().count();
            if (contexts + needed > MAX_CONTEXTS && !current.isEmpty()) {
                groups.add(current);
                current = new ArrayList<>();
                contexts = 0;
            }
            current.addAll(same);
            contexts += needed;
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        if (instances.size() > 1 && groups.size() == 1) {
            // keep the caller's order when everything fits in one association
            return List.of(instances);
        }
        return groups;
    }

    /** The presentation contexts proposed for a group of instances, and which one serves what. */
    private static final class Contexts {
        final LinkedList<PresentationContext> list = new LinkedList<>();
        /** "sopClass" → the context with Explicit and Implicit VR Little Endian; "sopClass|ts" → the file's own. */
        final Map<String, Byte> ids = new LinkedHashMap<>();

        Contexts(List<DicomInstance> group) {
            Set<String> keys = new LinkedHashSet<>();
            for (DicomInstance d : group) {
                keys.add(d.sopClassUid());
                String ts = d.transferSyntaxUid();
                if (!ts.equals(TransferSyntaxes.EXPLICIT_LE) && !ts.equals(TransferSyntaxes.IMPLICIT_LE)) {
                    keys.add(d.sopClassUid() + "|" + ts);
                }
            }
            int id = 1;
            for (String key : keys) {
                int bar = key.indexOf('|');
                PresentationContext pc = bar < 0
                        ? new PresentationContext((byte) id, key,
                                new LinkedList<>(List.of(TransferSyntaxes.EXPLICIT_LE, TransferSyntaxes.IMPLICIT_LE)))
                        : new PresentationContext((byte) id, key.substring(0, bar), key.substring(bar + 1));
                list.add(pc);
                ids.put(key, (byte) id);
                id += 2;
            }
        }

        /**
         * The accepted context for a SOP Class in transfer syntax {@code ts}, or, with {@code ts}
         * null, the accepted uncompressed one; null when the PACS accepted none.
         */
        Byte accepted(Association a, String sopClass, String ts) {
            Byte plain = ids.get(sopClass);
            if (ts == null) {
                return plain != null && acceptedSyntax(a, plain) != null ? plain : null;
            }
            Byte own = ids.get(sopClass + "|" + ts);
            Byte id = own != null ? own : plain;
            return id != null && ts.equals(acceptedSyntax(a, id)) ? id : null;
        }

        private static String acceptedSyntax(Association a, byte id) {
            try {
                return a.getTransferSyntaxForPresentationContextID(id);
            } catch (DicomNetworkException | RuntimeException e) {
                return null;
            }
        }
    }

    /** Reads the status of one C-STORE response. */
    private static final class StoreResponse extends CompositeResponseHandler {
        boolean received;
        String affectedInstance;
        String errorComment;

        @Override
        protected void evaluateStatusAndSetSuccess(AttributeList list) {
            received = true;
            status = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Status, 0xffff);
            success = DimseStatus.outcome(status) != Outcome.FAILED;
            affectedInstance = Attribute.getSingleStringValueOrNull(list, TagFromName.AffectedSOPInstanceUID);
            if (affectedInstance != null) {
                affectedInstance = affectedInstance.strip();
            }
            errorComment = Attribute.getSingleStringValueOrNull(list, TagFromName.ErrorComment);
        }
    }
}
