package org.liverlens.core.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import javax.net.ssl.SSLContext;

/**
 * A TCP relay on 127.0.0.1 in front of a local server, as a network path would be: slow (a
 * bandwidth limit, so that a test can kill a sender half-way through a job), TLS-terminating
 * (Debian's Orthanc 1.10 crashes on its own HTTPS, so TLS tests put this in front of its HTTP
 * port, as nginx would be), or troubled: the server's first answer arrives late, or nothing after
 * its first answer arrives at all (a PACS that accepted the association, then stopped answering).
 * Bytes are forwarded unchanged; closed in {@link #close()}.
 */
public final class LoopbackRelay implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private volatile long bytesPerSecond;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private Duration firstReplyDelay = Duration.ZERO;
    private boolean silentAfterFirstReply;
    /** Counted down when a client closes (or aborts) its connection. */
    final CountDownLatch clientClosed = new CountDownLatch(1);

    private LoopbackRelay(ServerSocket server, int targetPort, long bytesPerSecond) {
        this.server = server;
        this.targetPort = targetPort;
        this.bytesPerSecond = bytesPerSecond;
        this.acceptor = new Thread(this::acceptLoop, "liverlens-relay-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Forwards to {@code targetPort}, at most {@code bytesPerSecond} in each direction. */
    public static LoopbackRelay throttled(int targetPort, long bytesPerSecond) throws IOException {
        return new LoopbackRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort, bytesPerSecond);
    }

    /** Accepts TLS with {@code context}'s server certificate and forwards plain bytes to {@code targetPort}. */
    public static LoopbackRelay tls(int targetPort, SSLContext context) throws IOException {
        ServerSocket s = context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new LoopbackRelay(s, targetPort, Long.MAX_VALUE);
    }

    /** Holds the server's first answer (an A-ASSOCIATE-AC) back for {@code delay}, then relays normally. */
    public static LoopbackRelay delayingFirstReply(int targetPort, Duration delay) throws IOException {
        LoopbackRelay r = throttled(targetPort, Long.MAX_VALUE);
        r.firstReplyDelay = delay;
        return r;
    }

    /** Relays the server's first answer, then swallows everything the server says. */
    public static LoopbackRelay silentAfterFirstReply(int targetPort) throws IOException {
        LoopbackRelay r = throttled(targetPort, Long.MAX_VALUE);
        r.silentAfterFirstReply = true;
        return r;
    }

    /** Changes the bandwidth limit of the connections from now on ({@link Long#MAX_VALUE}: none). */
    public void setBytesPerSecond(long limit) {
        this.bytesPerSecond = limit;
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(target);
                pump(client, target, false);
                pump(target, client, true);
            } catch (IOException e) {
                // closed, or a client that went away during a handshake
            }
        }
    }

    private void pump(Socket from, Socket to, boolean replies) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            boolean first = true;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    if (replies && first) {
                        Thread.sleep(firstReplyDelay.toMillis());
                    } else if (replies && silentAfterFirstReply) {
                        continue;
                    }
                    first = false;
                    out.write(buffer, 0, n);
                    out.flush();
                    long limit = bytesPerSecond;
                    if (limit != Long.MAX_VALUE) {
                        Thread.sleep(n * 1000L / limit);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // one side closed
            } finally {
                if (!replies) {
                    clientClosed.countDown();
                }
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "liverlens-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        closeQuietly(server);
        sockets.forEach(LoopbackRelay::closeQuietly);
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
