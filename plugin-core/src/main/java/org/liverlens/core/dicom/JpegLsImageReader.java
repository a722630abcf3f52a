package org.liverlens.core.dicom;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import javax.imageio.IIOException;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * The ImageIO reader PixelMed asks for JPEG-LS frames (format name "jpeg-ls"): one greyscale frame,
 * decoded by {@link JpegLsCodec} (GDCM), as an 8- or 16-bit grey image whose samples PixelMed then
 * takes as they are (signed values keep their bit pattern).
 */
final class JpegLsImageReader extends ImageReader {
    private byte[] codestream;
    private JpegLsCodec.FrameHeader header;

    JpegLsImageReader(ImageReaderSpi provider) {
        super(provider);
    }

    @Override
    public void setInput(Object input, boolean seekForwardOnly, boolean ignoreMetadata) {
        super.setInput(input, seekForwardOnly, ignoreMetadata);
        codestream = null;
        header = null;
    }

    private JpegLsCodec.FrameHeader load() throws IOException {
        if (header == null) {
            if (!(getInput() instanceof ImageInputStream in)) {
                throw new IllegalStateException("no input set");
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes.write(buffer, 0, n);
            }
            codestream = bytes.toByteArray();
            header = JpegLsCodec.header(codestream);
            if (header.components() != 1) {
                throw new IIOException("JPEG-LS frame with " + header.components()
                        + " components: only greyscale (1 component) is decoded");
            }
            if (header.precision() < 2 || header.precision() > 16) {
                throw new IIOException("JPEG-LS sample precision " + header.precision() + " is outside 2…16");
            }
        }
        return header;
    }

    @Override
    public int getNumImages(boolean allowSearch) {
        return 1;
    }

    @Override
    public int getWidth(int imageIndex) throws IOException {
        return load().columns();
    }

    @Override
    public int getHeight(int imageIndex) throws IOException {
        return load().rows();
    }

    @Override
    public Iterator<ImageTypeSpecifier> getImageTypes(int imageIndex) throws IOException {
        return List.of(ImageTypeSpecifier.createFromBufferedImageType(imageType(load()))).iterator();
    }

    @Override
    public IIOMetadata getStreamMetadata() {
        return null;
    }

    @Override
    public IIOMetadata getImageMetadata(int imageIndex) {
        return null;
    }

    @Override
    public BufferedImage read(int imageIndex, ImageReadParam param) throws IOException {
        if (imageIndex != 0) {
            throw new IndexOutOfBoundsException("a JPEG-LS frame holds one image, not " + (imageIndex + 1));
        }
        JpegLsCodec.FrameHeader h = load();
        byte[] samples = JpegLsCodec.decode(codestream, h);
        BufferedImage image = new BufferedImage(h.columns(), h.rows(), imageType(h));
        if (h.bytesPerSample() == 1) {
            byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            System.arraycopy(samples, 0, target, 0, target.length);
        } else {
            short[] target = ((DataBufferUShort) image.getRaster().getDataBuffer()).getData();
            java.nio.ByteBuffer.wrap(samples).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(target);
        }
        return image;
    }

    private static int imageType(JpegLsCodec.FrameHeader h) {
        return h.bytesPerSample() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_USHORT_GRAY;
    }

    /** Offers {@link JpegLsImageReader} to ImageIO under the format name PixelMed asks for. */
    static final class Spi extends ImageReaderSpi {
        Spi() {
            super("LiverLens", "1.0", new String[] {"jpeg-ls", "JPEG-LS"}, new String[] {"jls"},
                    new String[] {"image/jls"}, JpegLsImageReader.class.getName(),
                    new Class<?>[] {ImageInputStream.class}, null, false, null, null, null, null, false, null, null,
                    null, null);
        }

        @Override
        public boolean canDecodeInput(Object source) throws IOException {
            if (!(source instanceof ImageInputStream in)) {
                return false;
            }
            byte[] soi = new byte[2];
            in.mark();
            try {
                return in.read(soi) == 2 && (soi[0] & 0xff) == 0xFF && (soi[1] & 0xff) == 0xD8;
            } finally {
                in.reset();
            }
        }

        @Override
        public ImageReader createReaderInstance(Object extension) {
            return new JpegLsImageReader(this);
        }

        @Override
        public String getDescription(Locale locale) {
            return "JPEG-LS frames decoded by GDCM (CharLS) for LiverLens";
        }
    }
}
