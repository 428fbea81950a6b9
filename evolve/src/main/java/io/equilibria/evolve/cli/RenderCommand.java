package io.equilibria.evolve.cli;

import io.equilibria.archive.Entry;
import io.equilibria.archive.Status;
import io.equilibria.archive.store.Archive;
import io.equilibria.evolve.promote.Promotion;
import io.equilibria.evolve.run.Progress;
import io.equilibria.evolve.run.StopSignal;
import io.equilibria.training.Devices;
import io.equilibria.training.video.LoopVideo;
import io.equilibria.training.video.RenderSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code equilibria render}: a video of a find from its latest checkpoint. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Render a find's video from its latest checkpoint (its promotion's, else its search's):",
            "a looping, eased spherical interpolation through keyframe latents, the same latent into A and B on",
            "every frame, H.264 in MP4 (BT.709, limited range), encoded on every core. Also a contact sheet of the",
            "keyframes, and with --variations the same loop in N colour variations; all land in the archive.",
            "Stopped or killed, the same command continues from the segments it finished."})
public final class RenderCommand implements Callable<Integer> {
    @Mixin
    ArchiveOption archive;

    @Parameters(paramLabel = "ID", description = "The entry (any unique prefix of its id).")
    String id;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = VideoOptions.DEFAULT_SECONDS,
            description = "Length of the loop in seconds (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Mixin
    VideoOptions video;

    @Option(names = "--device", paramLabel = "D", defaultValue = "cpu", description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() throws Exception {
        RenderSettings checked = video.settings(seconds, 0); // bad options are refused before the archive is opened
        int threads = video.threads();
        ai.djl.Device dev = Devices.parse(device);
        try (StopSignal stop = new StopSignal("segment", "the segments encoded so far are kept; the same command continues");
                Archive store = Archive.openExisting(archive.path, true)) {
            Entry entry = store.resolve(id);
            RenderSettings settings = video.seed == null ? video.settings(seconds, entry.genome().seed()) : checked;
            Promotion promotion = new Promotion(store, dev, threads, System.err::println);
            Entry rendered;
            try {
                rendered = promotion.render(entry, settings, threads, Progress::create, stop::requested);
            } catch (LoopVideo.Stopped stopped) {
                System.err.println(stopped.getMessage());
                return 0;
            }
            if (rendered.status() == Status.RENDERING) {
                store.write(w -> w.update(rendered.id(), e -> e.withStatus(Status.RENDERED, "")));
            }
            System.out.println(store.blobPath(rendered.files().get(Promotion.VIDEO)));
            for (var file : rendered.files().entrySet()) {
                if (file.getKey().startsWith(Promotion.VARIATION_PREFIX)) {
                    System.out.println(store.blobPath(file.getValue()));
                }
            }
        }
        return 0;
    }
}
