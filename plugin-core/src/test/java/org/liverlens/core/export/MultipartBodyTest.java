package org.liverlens.core.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The multipart/related body of STOW-RS: RFC 2046 delimiters, one application/dicom part per file, files unchanged. */
class MultipartBodyTest {
    @TempDir
    Path tmp;

    @Test
    void partsAreDelimitedAndCarryTheFilesUnchanged() throws Exception {
        Path a = Files.write(tmp.resolve("a.dcm"), bytes(300, 7));
        Path b = Files.write(tmp.resolve("b.dcm"), bytes(5000, 11));
        MultipartBody body = new MultipartBody();
        body.addFile(a);
        body.addBytes(bytes(20, 3));
        body.addFile(b);
        assertTrue(body.contentType().matches("multipart/related; type=\"application/dicom\"; boundary=liverlens-[0-9a-f]{32}"),
                body.contentType());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.writeTo(out);
        List<byte[]> parts = split(out.toByteArray(), body.boundary());
        assertEquals(3, parts.size());
        assertArrayEquals(Files.readAllBytes(a), parts.get(0));
        assertArrayEquals(bytes(20, 3), parts.get(1));
        assertArrayEquals(Files.readAllBytes(b), parts.get(2));

        // What the HTTP client sends is byte for byte the same.
        assertArrayEquals(out.toByteArray(), published(body.publisher()));
    }

    /** Splits a body at its delimiters and checks each part's headers (an independent reading of RFC 2046). */
    private static List<byte[]> split(byte[] body, String boundary) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String open = "--" + boundary + "\r\n";
        String close = "\r\n--" + boundary + "--\r\n";
        assertTrue(text.startsWith(open), "starts with the first delimiter");
        assertTrue(text.endsWith(close), "ends with the close delimiter");
        String inner = text.substring(open.length(), text.length() - close.length());
        List<byte[]> parts = new ArrayList<>();
        for (String part : inner.split("\r\n--" + boundary + "\r\n", -1)) {
            String header = "Content-Type: application/dicom\r\n\r\n";
            assertTrue(part.startsWith(header), "each part is application/dicom");
            parts.add(part.substring(header.length()).getBytes(StandardCharsets.ISO_8859_1));
        }
        return parts;
    }

    private static byte[] published(HttpRequest.BodyPublisher p) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        p.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] b = new byte[item.remaining()];
                item.get(b);
                out.writeBytes(b);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.get(10, TimeUnit.SECONDS);
        assertEquals(out.size(), p.contentLength(), "the length is known: no chunked encoding");
        return out.toByteArray();
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * seed + (i % 13 == 0 ? '\r' : '-'));
        }
        return b;
    }
}
