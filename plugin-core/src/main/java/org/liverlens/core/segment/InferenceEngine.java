package org.liverlens.core.segment;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.UserHome;

/**
 * The DJL PyTorch engine on one device, started once per JVM (its natives can be loaded only once)
 * and proven by a numeric self-test before use. Offline: the CPU libtorch comes from the
 * {@code pytorch-native-cpu} jar on the class path and is unpacked into
 * {@code ~/.liverlens/cache/djl}; nothing is downloaded. When a GPU is asked for ({@code auto} or
 * {@code gpu}) and {@link CudaNatives#runtime} allows it (an NVIDIA driver for CUDA 12.4 and the
 * {@code pytorch-native-cu124} jar that the launcher fetched into the local Maven repository), the
 * CUDA libtorch of the same version is unpacked beside it and loaded instead; it runs the CPU too.
 */
public final class InferenceEngine {
    /** The engine name DJL registers for PyTorch. */
    public static final String PYTORCH = "PyTorch";
    /** Largest relative error the self-test accepts against the Java reference. */
    static final double SELF_TEST_TOLERANCE = 1e-4;

    private static Engine engine;
    private static String startFailure;
    /** Why the engine of this process has no GPU ({@code null}: it loaded the CUDA natives). */
    private static String noCuda = "the engine has not started";

    private final Engine djl;
    private final ai.djl.Device device;

    private InferenceEngine(Engine djl, ai.djl.Device device) {
        this.djl = djl;
        this.device = device;
    }

    /**
     * Starts the engine (first call only) and picks the device: {@code cpu} and {@code gpu} are
     * taken as asked or refused; {@code auto} takes a GPU that passes the self-test and otherwise
     * the CPU, and says which through {@code notices}.
     *
     * @throws InvalidInputException when the engine cannot start, or the requested device is
     *                               missing or fails its self-test (exit 3)
     */
    public static InferenceEngine start(Device choice, Consumer<String> notices) {
        Engine e = engine(UserHome.fromEnvironment(), choice != Device.CPU);
        if (choice == Device.CPU) {
            return proven(e, ai.djl.Device.cpu());
        }
        String gpuProblem = gpuProblem(e);
        if (gpuProblem == null) {
            try {
                InferenceEngine gpu = proven(e, ai.djl.Device.gpu());
                notices.accept("device " + choice + ": running on the GPU (" + gpu.device + ", libtorch " + e.getVersion()
                        + ", numeric self-test passed)");
                return gpu;
            } catch (InvalidInputException failed) {
                gpuProblem = failed.getMessage();
            }
        }
        if (choice == Device.GPU) {
            throw new InvalidInputException("the GPU cannot be used: " + gpuProblem, null,
                    "run with --device cpu (or --device auto); on a machine with an NVIDIA GPU, run ./liverlens "
                            + "check-gpu, which installs the CUDA natives and checks them (docs/models.md)");
        }
        notices.accept("device auto: " + gpuProblem + "; running on the CPU");
        return proven(e, ai.djl.Device.cpu());
    }

    /** The DJL engine. */
    public Engine engine() {
        return djl;
    }

    /** The device that passed the self-test. */
    public ai.djl.Device device() {
        return device;
    }

    /** A new NDManager on this device; close it when done. */
    public NDManager newManager() {
        return djl.newBaseManager(device);
    }

    /** One line for logs: engine, version, device, threads. */
    public String describe() {
        return String.format(Locale.ROOT, "DJL %s, %s %s on %s, %d CPU threads", Engine.getDjlVersion(),
                djl.getEngineName(), djl.getVersion(), device, Runtime.getRuntime().availableProcessors());
    }

    /**
     * The PyTorch engine, started on first use: offline mode, cache under the user folder (unless
     * set by the user), and the class loader that holds DJL as the thread's context loader while
     * DJL looks for its engine provider and natives (inside OSGi the caller's context loader does
     * not see them).
     */
    static synchronized Engine engine(UserHome home) {
        return engine(home, false);
    }

    /**
     * The engine; on its first start {@code wantGpu} loads the CUDA natives when
     * {@link CudaNatives#runtime} allows it (later calls get the engine already started).
     */
    static synchronized Engine engine(UserHome home, boolean wantGpu) {
        if (engine != null) {
            return engine;
        }
        if (startFailure != null) {
            throw new InvalidInputException("the PyTorch engine failed to start earlier in this process: "
                    + startFailure, null, "restart LiverLens; run with --debug for details");
        }
        Path cache = home.cache().resolve("djl");
        setDefault("ai.djl.offline", "true");
        setDefault("DJL_CACHE_DIR", cache.toString());
        setDefault("ENGINE_CACHE_DIR", cache.toString());
        noCuda = wantGpu ? useCudaNatives(cache) : "the engine was started for the CPU in this process";
        try {
            engine = withDjlClassLoader(() -> Engine.getEngine(PYTORCH));
            return engine;
        } catch (RuntimeException | UnsatisfiedLinkError first) {
            Throwable e = first;
            if (noCuda == null && System.getProperty("PYTORCH_FLAVOR") != null) {
                // the CUDA natives did not load (a driver that does not match, a damaged unpack): the CPU natives
                noCuda = "the CUDA natives did not load (" + e.getMessage() + ")";
                for (String key : new String[] {"PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR"}) {
                    System.clearProperty(key);
                }
                try {
                    engine = withDjlClassLoader(() -> Engine.getEngine(PYTORCH));
                    return engine;
                } catch (RuntimeException | UnsatisfiedLinkError again) {
                    e = again;
                }
            }
            startFailure = String.valueOf(e.getMessage());
            throw new InvalidInputException("the PyTorch engine did not start: " + e.getMessage(), cache,
                    "check that the pytorch-native-cpu jar is on the class path and the cache folder is writable", e);
        }
    }

    /**
     * Runs {@code work} with the class loader that holds DJL as the thread's context class loader,
     * then restores the previous one. DJL finds its engine (ServiceLoader) and the libtorch natives
     * (class path resources) through the context loader; inside OSGi the caller's loader does not
     * see the DJL bundle's contents.
     */
    public static <T> T withDjlClassLoader(Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Engine.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Points DJL at the CUDA libtorch when this process may use it (system properties, read by
     * DJL's {@code LibUtils} when the engine loads); returns why not otherwise. A libtorch the
     * user named with {@code PYTORCH_LIBRARY_PATH} is left as it is.
     */
    private static String useCudaNatives(Path cache) {
        if (System.getenv("PYTORCH_LIBRARY_PATH") != null || System.getProperty("PYTORCH_LIBRARY_PATH") != null) {
            return null;
        }
        Path m2 = CudaNatives.m2Repository(System.getenv());
        CudaNatives.Decision d = CudaNatives.runtime(NvidiaDriver.detect(), System.getenv(), m2);
        if (d.action() != CudaNatives.Action.PRESENT) {
            return d.message();
        }
        try {
            Path dir = CudaNatives.unpack(CudaNatives.jar(m2), cache.resolve("cuda"));
            System.setProperty("PYTORCH_LIBRARY_PATH", dir.toString());
            System.setProperty("PYTORCH_VERSION", CudaNatives.LIBTORCH);
            System.setProperty("PYTORCH_FLAVOR", CudaNatives.FLAVOR);
            String jna = System.getProperty("jna.library.path");
            System.setProperty("jna.library.path", jna == null ? dir.toString() : dir + java.io.File.pathSeparator + jna);
            return null;
        } catch (java.io.IOException | RuntimeException e) {
            return "the CUDA natives could not be unpacked (" + e.getMessage() + ")";
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static String gpuProblem(Engine e) {
        synchronized (InferenceEngine.class) {
            if (noCuda != null) {
                return noCuda;
            }
        }
        try {
            if (e.getGpuCount() > 0) {
                return null;
            }
        } catch (RuntimeException ex) {
            return "the engine cannot count GPUs (" + ex.getMessage() + ")";
        }
        return "the CUDA libtorch loaded but sees no GPU";
    }

    private static InferenceEngine proven(Engine e, ai.djl.Device device) {
        String problem = selfTest(e, device);
        if (problem != null) {
            throw new InvalidInputException("the self-test on " + device + " failed: " + problem, null,
                    device.isGpu() ? "run with --device cpu; check the NVIDIA driver with ./liverlens check-gpu"
                            : "the PyTorch CPU natives are damaged: delete ~/.liverlens/cache/djl and retry");
        }
        return new InferenceEngine(e, device);
    }

    /**
     * Runs a 3×3 convolution (2 → 3 channels, padding 1, with bias) and a matrix product on
     * {@code device} and compares them with the same arithmetic in Java. Returns {@code null} when
     * they agree, otherwise what went wrong.
     */
    static String selfTest(Engine e, ai.djl.Device device) {
        int c = 2;
        int h = 7;
        int w = 9;
        int o = 3;
        float[] x = new float[c * h * w];
        for (int n = 0; n < x.length; n++) {
            x[n] = (float) Math.sin(0.37 * n) * 2 - 0.5f;
        }
        float[] weight = new float[o * c * 9];
        for (int n = 0; n < weight.length; n++) {
            weight[n] = (float) Math.cos(0.91 * n + 0.3);
        }
        float[] bias = {0.25f, -0.5f, 1.0f};
        float[] a = new float[5 * 6];
        float[] b = new float[6 * 4];
        for (int n = 0; n < a.length; n++) {
            a[n] = (n % 7) - 3.5f;
        }
        for (int n = 0; n < b.length; n++) {
            b[n] = (float) Math.sin(n) * 3;
        }
        try (NDManager m = e.newBaseManager(device)) {
            NDArray xa = m.create(x, new Shape(1, c, h, w));
            NDArray wa = m.create(weight, new Shape(o, c, 3, 3));
            NDArray ba = m.create(bias, new Shape(o));
            float[] conv = xa.getNDArrayInternal()
                    .convolution(xa, wa, ba, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                    .singletonOrThrow().toFloatArray();
            float[] mm = m.create(a, new Shape(5, 6)).matMul(m.create(b, new Shape(6, 4))).toFloatArray();
            String convProblem = compare("convolution", conv, referenceConv(x, weight, bias, c, h, w, o));
            if (convProblem != null) {
                return convProblem;
            }
            return compare("matrix product", mm, referenceMatMul(a, b, 5, 6, 4));
        } catch (RuntimeException | Error ex) {
            return ex.getClass().getSimpleName() + ": " + ex.getMessage();
        }
    }

    private static String compare(String what, float[] got, float[] want) {
        if (got.length != want.length) {
            return what + " gave " + got.length + " values, expected " + want.length;
        }
        for (int n = 0; n < got.length; n++) {
            double err = Math.abs(got[n] - want[n]) / Math.max(1.0, Math.abs(want[n]));
            if (!(err <= SELF_TEST_TOLERANCE)) {
                return String.format(Locale.ROOT, "%s value %d is %g, expected %g", what, n, got[n], want[n]);
            }
        }
        return null;
    }

    static float[] referenceConv(float[] x, float[] weight, float[] bias, int c, int h, int w, int o) {
        float[] out = new float[o * h * w];
        for (int oc = 0; oc < o; oc++) {
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    double s = bias[oc];
                    for (int ic = 0; ic < c; ic++) {
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                int yy = y + ky - 1;
                                int xi = xx + kx - 1;
                                if (yy >= 0 && yy < h && xi >= 0 && xi < w) {
                                    s += weight[((oc * c + ic) * 3 + ky) * 3 + kx] * x[(ic * h + yy) * w + xi];
                                }
                            }
                        }
                    }
                    out[(oc * h + y) * w + xx] = (float) s;
                }
            }
        }
        return out;
    }

    static float[] referenceMatMul(float[] a, float[] b, int n, int k, int m) {
        float[] out = new float[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) {
                    s += a[i * k + l] * b[l * m + j];
                }
                out[i * m + j] = (float) s;
            }
        }
        return out;
    }
}
