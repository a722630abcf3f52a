package org.liverlens.core.dicom;

import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

/**
 * Registers the ImageIO readers PixelMed decompresses with (JPEG 2000, lossless JPEG, and JPEG-LS
 * through GDCM: {@link JpegLsImageReader}). ImageIO
 * finds plug-ins through the class path, which an OSGi bundle class loader hides, so they are
 * registered explicitly once.
 */
final class Codecs {
    private static boolean registered;

    private Codecs() {
    }

    /** Why the pixels of a JPEG-LS file cannot be decoded here, or {@code null} when they can. */
    static String jpegLsUnavailableReason() {
        return JpegLsCodec.unavailableReason();
    }

    static synchronized void register() {
        if (registered) {
            return;
        }
        IIORegistry registry = IIORegistry.getDefaultInstance();
        register(registry, new com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi());
        register(registry, new com.pixelmed.imageio.JPEGLosslessImageReaderSpi());
        register(registry, new JpegLsImageReader.Spi());
        registered = true;
    }

    private static void register(IIORegistry registry, ImageReaderSpi spi) {
        if (registry.getServiceProviderByClass(spi.getClass()) == null) {
            registry.registerServiceProvider(spi);
        }
    }
}
