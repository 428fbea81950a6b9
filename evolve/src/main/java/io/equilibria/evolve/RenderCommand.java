package io.equilibria.evolve;

import io.equilibria.archive.Archive;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Status;
import io.equilibria.training.Devices;
import io.equilibria.training.RenderSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code equilibria render}: a video of a find from its latest checkpoint. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Render a find's video from its latest checkpoint (its promotion's, else its search's):",
            "a looping, eased spherical interpolation through keyframe latents, the same latent into A (left) and",
            "B (right) on every frame, H.264 in MP4. Also a contact sheet of the keyframes; both land in the archive."})
final class RenderCommand implements Callable<Integer> {
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
        RenderSettings checked = video.settings(seconds, 0); // bad sizes are refused before the archive is opened
        ai.djl.Device dev = Devices.parse(device);
        try (Archive store = Archive.openExisting(archive.path, true)) {
            Entry entry = store.resolve(id);
            RenderSettings settings = video.seed == null ? video.settings(seconds, entry.genome().seed()) : checked;
            Promotion promotion = new Promotion(store, dev, System.err::println);
            Entry rendered = promotion.render(entry, settings, Progress::create, () -> false);
            if (rendered.status() == Status.RENDERING) {
                store.write(w -> w.update(rendered.id(), e -> e.withStatus(Status.RENDERED, "")));
            }
            System.out.println(store.blobPath(rendered.files().get(Promotion.VIDEO)));
        }
        return 0;
    }
}
