package org.liverlens.core.export;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A STOW-RS request body: {@code multipart/related; type="application/dicom"} (RFC 2387, PS3.18
 * 8.6.1.2) with one DICOM Part 10 file per part. Files are streamed from disk; a bare dataset
 * without file meta information gets its Part 10 form built in memory first.
 */
final class MultipartBody {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String boundary;
    /** Each part: a {@link Path} (streamed) or a byte[] (built in memory), in order. */
    private final List<Object> parts = new ArrayList<>();

    MultipartBody() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        this.boundary = "liverlens-" + HexFormat.of().formatHex(b);
    }

    String contentType() {
        return "multipart/related; type=\"application/dicom\"; boundary=" + boundary;
    }

    String boundary() {
        return boundary;
    }

    void addFile(Path part10File) {
        parts.add(part10File);
    }

    void addBytes(byte[] part10) {
        parts.add(part10);
    }

    /** The body as the HTTP client sends it: boundaries in memory, files streamed from disk. */
    HttpRequest.BodyPublisher publisher() throws IOException {
        List<HttpRequest.BodyPublisher> pieces = new ArrayList<>();
        for (Object part : parts) {
            pieces.add(HttpRequest.BodyPublishers.ofByteArray(partHeader()));
            pieces.add(part instanceof Path p ? HttpRequest.BodyPublishers.ofFile(p)
                    : HttpRequest.BodyPublishers.ofByteArray((byte[]) part));
            pieces.add(HttpRequest.BodyPublishers.ofByteArray(CRLF));
        }
        pieces.add(HttpRequest.BodyPublishers.ofByteArray(closing()));
        return HttpRequest.BodyPublishers.concat(pieces.toArray(HttpRequest.BodyPublisher[]::new));
    }

    /** The same bytes written to a stream (tests, and anyone who wants to look at a request). */
    void writeTo(OutputStream out) throws IOException {
        for (Object part : parts) {
            out.write(partHeader());
            if (part instanceof Path p) {
                Files.copy(p, out);
            } else {
                out.write((byte[]) part);
            }
            out.write(CRLF);
        }
        out.write(closing());
    }

    private byte[] partHeader() {
        return ("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] closing() {
        return ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static final byte[] CRLF = {'\r', '\n'};
}
