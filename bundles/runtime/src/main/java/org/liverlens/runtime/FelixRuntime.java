package org.liverlens.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.util.tracker.ServiceTracker;

/**
 * An embedded Apache Felix framework started from a LiverLens runtime folder: the folder holds
 * {@code bundle/*.jar}, which are installed and started in one go. Used by {@code liverlens view}
 * and by the integration tests; the framework's cache lives in a fresh temporary folder that
 * {@link #stop()} removes, so two runtimes never share state.
 */
public final class FelixRuntime implements AutoCloseable {
    /** The folder of bundles inside a runtime folder. */
    public static final String BUNDLE_FOLDER = "bundle";

    private final Framework framework;
    private final Path storage;
    private final Map<Long, String> startFailures;
    private final List<ServiceTracker<?, ?>> trackers = new CopyOnWriteArrayList<>();

    private FelixRuntime(Framework framework, Path storage, Map<Long, String> startFailures) {
        this.framework = framework;
        this.storage = storage;
        this.startFailures = startFailures;
    }

    /** Starts a framework with every bundle of {@code home/bundle}; see {@link #start(Path, Map)}. */
    public static FelixRuntime start(Path home) {
        return start(home, Map.of());
    }

    /**
     * Starts a framework with every bundle of {@code home/bundle} installed and started. A bundle that
     * fails to resolve or start does not stop the others: {@link #problem(Bundle)} tells why.
     *
     * @param config framework properties added to (or replacing) the defaults
     */
    public static FelixRuntime start(Path home, Map<String, String> config) {
        Path bundleDir = home.resolve(BUNDLE_FOLDER);
        List<Path> jars = bundleJars(bundleDir);
        if (jars.isEmpty()) {
            throw new IllegalArgumentException("no bundles in " + bundleDir.toAbsolutePath()
                    + ": build the runtime folder first (mvn package in bundles/runtime)");
        }
        Path storage;
        try {
            storage = Files.createTempDirectory("liverlens-felix-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the OSGi framework cache folder", e);
        }
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.putAll(config);

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, FelixRuntime.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework (Felix) on the class path"));
        Framework framework = factory.newFramework(properties);
        Map<Long, String> failures = new LinkedHashMap<>();
        try {
            framework.init();
            BundleContext context = framework.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            for (Path jar : jars) {
                // reference: Felix reads the jar in place instead of copying it into its cache (the
                // DJL bundle is 117 MB); the runtime folder is the installation and stays put.
                installed.add(context.installBundle("reference:" + jar.toUri()));
            }
            framework.start();
            for (Bundle bundle : installed) {
                if (isFragment(bundle)) {
                    continue;
                }
                try {
                    bundle.start();
                } catch (BundleException e) {
                    // Felix names the unresolved requirement in the message.
                    failures.put(bundle.getBundleId(), e.getMessage());
                }
            }
        } catch (BundleException | RuntimeException e) {
            stopQuietly(framework);
            deleteTree(storage);
            throw new IllegalStateException("cannot start the OSGi framework from " + home.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
        return new FelixRuntime(framework, storage, failures);
    }

    /** The installed bundles, the system bundle excluded, in installation order. */
    public List<Bundle> bundles() {
        return Arrays.stream(framework.getBundleContext().getBundles())
                .filter(b -> b.getBundleId() != 0)
                .collect(Collectors.toList());
    }

    /** The bundle with this symbolic name. */
    public Bundle bundle(String symbolicName) {
        return bundles().stream()
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no bundle " + symbolicName + " in the runtime"));
    }

    /** The system bundle's context, for callers that track services or bundles themselves. */
    public BundleContext context() {
        return framework.getBundleContext();
    }

    /**
     * Why a bundle is not active: the resolver's message with the unresolved requirement, or its
     * state when it did not fail to start. Empty for an active bundle.
     */
    public String problem(Bundle bundle) {
        if (bundle.getState() == Bundle.ACTIVE) {
            return "";
        }
        String failure = startFailures.get(bundle.getBundleId());
        return failure != null ? failure : "bundle is " + stateName(bundle.getState());
    }

    /**
     * The service registered under {@code type}'s name, waiting up to {@code timeout} for it. The
     * caller's {@code type} must be the class the bundles see (a class exported by the system bundle);
     * a caller with its own copy of the interface uses {@link #getService(String, Duration)}.
     *
     * @throws IllegalStateException when no such service appears in time, or its class is another copy
     */
    public <T> T getService(Class<T> type, Duration timeout) {
        Object service = getService(type.getName(), timeout);
        if (!type.isInstance(service)) {
            throw new IllegalStateException("the " + type.getName() + " service is loaded by "
                    + service.getClass().getClassLoader() + ", the caller's interface by " + type.getClassLoader()
                    + ": use getService(String, Duration) and pass only JDK types across");
        }
        return type.cast(service);
    }

    /**
     * The service registered under {@code interfaceName}, waiting up to {@code timeout} for it. The
     * service stays in use until {@link #stop()}.
     *
     * @throws IllegalStateException when no such service appears in time (the message names the
     *                               bundles that are not active)
     */
    public Object getService(String interfaceName, Duration timeout) {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(framework.getBundleContext(), interfaceName, null);
        // All services, not only those class-compatible with the system bundle: a caller whose class
        // path has its own copy of the interface (a test) would otherwise see none.
        tracker.open(true);
        Object service;
        try {
            service = tracker.waitForService(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tracker.close();
            throw new IllegalStateException("interrupted while waiting for the " + interfaceName + " service", e);
        }
        if (service == null) {
            tracker.close();
            throw new IllegalStateException("no " + interfaceName + " service within " + timeout.toMillis() + " ms"
                    + inactiveBundles());
        }
        trackers.add(tracker);
        return service;
    }

    /** Whether a service is registered under {@code interfaceName} now (whatever class loader its interface has). */
    public boolean hasService(String interfaceName) {
        try {
            return framework.getBundleContext().getAllServiceReferences(interfaceName, null) != null;
        } catch (InvalidSyntaxException e) {
            throw new AssertionError("no filter given", e);
        }
    }

    /** Releases the services handed out, stops the framework and removes its cache folder. */
    public void stop() {
        for (ServiceTracker<?, ?> tracker : trackers) {
            tracker.close();
        }
        trackers.clear();
        stopQuietly(framework);
        deleteTree(storage);
    }

    @Override
    public void close() {
        stop();
    }

    /** Blocks until the framework stops (the last bundle called for it, or {@link #stop()}). */
    public void waitForStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /**
     * Starts the runtime of the folder this class's jar lies in (or the folder given as the first
     * argument), prints every bundle's state and runs until the framework stops. With
     * {@code FOLDER --launch NAME ARGS...} it prints nothing, registers a launch request for the
     * bundle that serves {@code NAME} (see {@link #launch}) and exits with the code it reports.
     */
    public static void main(String[] args) throws Exception {
        Path home = args.length > 0 ? Path.of(args[0]) : ownFolder();
        if (args.length > 2 && LAUNCH_OPTION.equals(args[1])) {
            System.exit(launch(home, args[2], Arrays.copyOfRange(args, 3, args.length)));
        }
        FelixRuntime runtime = start(home);
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::stop, "liverlens-felix-stop"));
        for (Bundle b : runtime.bundles()) {
            String problem = runtime.problem(b);
            System.out.printf("%-45s %-22s %s%s%n", b.getSymbolicName(), b.getVersion(), stateName(b.getState()),
                    problem.isEmpty() ? "" : "  " + problem);
        }
        runtime.waitForStop();
    }

    /** The option of {@link #main} that launches an application bundle. */
    public static final String LAUNCH_OPTION = "--launch";

    /**
     * Starts the runtime and asks an application bundle to run: registers a launch request, a
     * {@code IntConsumer} service with the properties {@code org.liverlens.launch}
     * = {@code name}, {@code org.liverlens.launch.args} = {@code args} and
     * {@code org.liverlens.launch.started} = the JVM start time in epoch ms (or the system property
     * {@code liverlens.launch.started}, set by the CLI that started this JVM). Only JDK types cross,
     * so this class shares nothing with the bundles. The application accepts its exit code on the
     * consumer; the runtime then stops. When no bundle takes the request within 60 s, the inactive
     * bundles are printed and the code is 1.
     *
     * @return the exit code the application reported
     */
    public static int launch(Path home, String name, String[] args) throws InterruptedException {
        FelixRuntime runtime = start(home);
        try {
            CompletableFuture<Integer> code = new CompletableFuture<>();
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("org.liverlens.launch", name);
            properties.put("org.liverlens.launch.args", args.clone());
            properties.put("org.liverlens.launch.started", System.getProperty("liverlens.launch.started",
                    Long.toString(ManagementFactory.getRuntimeMXBean().getStartTime())));
            IntConsumer exit = code::complete;
            ServiceRegistration<?> request = runtime.context().registerService(
                    IntConsumer.class.getName(), exit, properties);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!code.isDone() && request.getReference().getUsingBundles() == null) {
                if (System.nanoTime() > deadline) {
                    System.err.println("liverlens: no bundle took the '" + name + "' launch request within 60 s"
                            + runtime.inactiveBundles() + " (rebuild with ./liverlens bootstrap)");
                    return 1;
                }
                Thread.sleep(50);
            }
            try {
                return code.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the launch request failed", e.getCause());
            }
        } finally {
            runtime.stop();
        }
    }

    private String inactiveBundles() {
        String inactive = bundles().stream()
                .filter(b -> b.getState() != Bundle.ACTIVE)
                .map(b -> b.getSymbolicName() + ": " + problem(b))
                .collect(Collectors.joining("; "));
        return inactive.isEmpty() ? " (every bundle is active)" : " (not active: " + inactive + ")";
    }

    private static List<Path> bundleJars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static boolean isFragment(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    private static String stateName(int state) {
        switch (state) {
            case Bundle.UNINSTALLED:
                return "UNINSTALLED";
            case Bundle.INSTALLED:
                return "INSTALLED";
            case Bundle.RESOLVED:
                return "RESOLVED";
            case Bundle.STARTING:
                return "STARTING";
            case Bundle.STOPPING:
                return "STOPPING";
            case Bundle.ACTIVE:
                return "ACTIVE";
            default:
                return "state " + state;
        }
    }

    private static void stopQuietly(Framework framework) {
        try {
            framework.stop();
            framework.waitForStop(Duration.ofSeconds(30).toMillis());
        } catch (BundleException e) {
            System.err.println("liverlens: stopping the OSGi framework failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover cache in the temporary folder is harmless; say so and go on.
            System.err.println("liverlens: could not remove the OSGi cache " + root + ": " + e.getMessage());
        }
    }

    private static Path ownFolder() throws URISyntaxException {
        Path jar = Path.of(FelixRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.getParent();
    }
}
