package org.liverlens.ui.app;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import org.liverlens.core.service.SeriesService;
import org.liverlens.ui.ViewerTool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The viewer application of {@code liverlens view}. The launcher ({@code FelixRuntime ... --launch
 * view ARGS}) registers a launch request: an {@link IntConsumer} that takes the exit code, with the
 * properties {@code org.liverlens.launch=view} and {@code org.liverlens.launch.args} (the viewer's
 * arguments). Only JDK types cross, so the launcher shares no class with the bundles. The
 * component is satisfied when the request and a {@link SeriesService} are present, and then opens
 * the window; the {@link ViewerTool}s registered at that time become tabs beside the series list.
 * Without a launch request (Weasis, the integration tests) nothing opens.
 */
@Component(immediate = true)
public final class ViewerApplication {
    /** Service property naming what a launch request asks for. */
    public static final String LAUNCH = "org.liverlens.launch";
    /** Service property with the arguments of a launch request (a String[]). */
    public static final String LAUNCH_ARGS = "org.liverlens.launch.args";
    /** Service property with the launch's start time (epoch ms, as a string), for the time to first image. */
    public static final String LAUNCH_STARTED = "org.liverlens.launch.started";

    @Reference
    private SeriesService seriesService;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ViewerTool> tools;

    private IntConsumer exit;
    private Map<String, Object> request;

    @Reference(target = "(" + LAUNCH + "=view)")
    void bindLaunch(IntConsumer launch, Map<String, Object> properties) {
        this.exit = launch;
        this.request = properties;
    }

    @Activate
    void activate() {
        Object args = request.get(LAUNCH_ARGS);
        List<String> list = args instanceof String[] a ? Arrays.asList(a) : List.of();
        Object started = request.get(LAUNCH_STARTED);
        long startMs = started == null ? System.currentTimeMillis() : Long.parseLong(started.toString());
        ViewerArgs parsed;
        try {
            parsed = ViewerArgs.parse(list);
        } catch (IllegalArgumentException e) {
            System.err.println("liverlens: " + e.getMessage());
            exit.accept(org.liverlens.core.work.ExitCodes.USAGE);
            return;
        }
        new ViewerWindow(seriesService, () -> tools == null ? List.of() : List.copyOf(tools), exit, startMs)
                .open(parsed);
    }
}
