package org.liverlens.core.seg;

/**
 * DICOM CIELab colours (PS3.3 C.10.7.1.1: L*, a*, b* scaled to 0…65535, D65 white point) from and
 * to sRGB, for Recommended Display CIELab Value (0062,000D).
 */
public final class CieLab {
    private static final double XN = 0.950456;
    private static final double YN = 1.0;
    private static final double ZN = 1.088754;

    private CieLab() {
    }

    /** DICOM CIELab of an sRGB colour (0…255 per channel). */
    public static int[] fromRgb(int r, int g, int b) {
        double rl = linear(r / 255.0);
        double gl = linear(g / 255.0);
        double bl = linear(b / 255.0);
        double x = 0.412453 * rl + 0.357580 * gl + 0.180423 * bl;
        double y = 0.212671 * rl + 0.715160 * gl + 0.072169 * bl;
        double z = 0.019334 * rl + 0.119193 * gl + 0.950227 * bl;
        double fx = f(x / XN);
        double fy = f(y / YN);
        double fz = f(z / ZN);
        double l = 116 * fy - 16;
        double a = 500 * (fx - fy);
        double bb = 200 * (fy - fz);
        return new int[] {scale(l / 100.0), scale((a + 128) / 255.0), scale((bb + 128) / 255.0)};
    }

    /** sRGB (0…255 per channel) of a DICOM CIELab colour. */
    public static int[] toRgb(int[] lab) {
        double l = lab[0] * 100.0 / 65535;
        double a = lab[1] * 255.0 / 65535 - 128;
        double b = lab[2] * 255.0 / 65535 - 128;
        double fy = (l + 16) / 116;
        double fx = fy + a / 500;
        double fz = fy - b / 200;
        double x = XN * finv(fx);
        double y = YN * finv(fy);
        double z = ZN * finv(fz);
        double rl = 3.240479 * x - 1.537150 * y - 0.498535 * z;
        double gl = -0.969256 * x + 1.875992 * y + 0.041556 * z;
        double bl = 0.055648 * x - 0.204043 * y + 1.057311 * z;
        return new int[] {gamma(rl), gamma(gl), gamma(bl)};
    }

    private static double linear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static int gamma(double c) {
        double v = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    private static double finv(double t) {
        return t * t * t > 216.0 / 24389 ? t * t * t : (116 * t - 16) * 27 / 24389.0;
    }

    private static int scale(double v) {
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 65535);
    }
}
