package io.equilibria.evolve.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.equilibria.archive.cluster.Silhouette;
import io.equilibria.config.ConfigJson;
import io.equilibria.evolve.bench.ArchiveBench;
import io.equilibria.evolve.bench.Benchmarks;
import io.equilibria.evolve.bench.DiscoveryBench;
import io.equilibria.evolve.bench.EvolveBench;
import io.equilibria.evolve.bench.RenderBench;
import io.equilibria.evolve.bench.ScaleBench;
import io.equilibria.training.Devices;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code equilibria bench}: the benchmark figures, as ratios measured in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure training speed on bench64 and cpu against libtorch's own matrix multiply,",
            "and resident-memory growth over 200 cpu steps."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print one JSON object instead of a table (progress still goes to standard error).")
    boolean json;

    @Option(names = "--device", paramLabel = "D", defaultValue = "cpu", description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10", description = "Measured bench64 steps after warm-up (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--rss-steps", paramLabel = "N", defaultValue = "200", description = "cpu steps over which memory growth is measured (default: ${DEFAULT-VALUE}).")
    int rssSteps;

    @Option(names = "--pytorch", description = {"Also time the same bench64 step written in plain PyTorch (bench/bench64_pytorch.py)",
        "right after ours, with the same number of threads; needs Python with torch (Debian: python3-torch)."})
    boolean pytorch;

    @Option(names = "--python", paramLabel = "EXE", description = "Python for --pytorch (default: /usr/bin/python3 if present, else python3).")
    String python;

    @Option(names = "--archive", description = {"Benchmark the archive instead: an archive of --entries entries, one insert",
        "with thumbnails, and opening plus the first page of `archive list` in a fresh JVM."})
    boolean archive;

    @Option(names = "--entries", paramLabel = "N", defaultValue = "10000", description = "Entries for --archive (default: ${DEFAULT-VALUE}).")
    int entries;

    @Option(names = "--evolve", description = {"Benchmark the search instead: a cpu search of --individuals individuals,",
        "time outside training, resident-memory growth after the 10th, the yield, and individuals",
        "per hour as the default search trains them (several at once) and one at a time."})
    boolean evolve;

    @Option(names = "--individuals", paramLabel = "N", description = "Individuals for --evolve (default: 100) or --scale (default: 8).")
    Integer individualsOption;

    @Option(names = "--budget-steps", paramLabel = "N", description = "Training steps per individual for --evolve"
            + " (default: 150, the cpu search's) or --scale (default: 40).")
    Integer budgetStepsOption;

    @Option(names = "--scale", description = "Benchmark workers instead: one generation on one worker process and on"
            + " two (one thread each), the scheduling overhead per individual, and an estimate for --servers x --gpus.")
    boolean scale;

    @Option(names = "--servers", paramLabel = "N", defaultValue = "8", description = "Servers for --scale's estimate (default: ${DEFAULT-VALUE}).")
    int servers;

    @Option(names = "--gpus", paramLabel = "N", defaultValue = "8", description = "GPUs per server for --scale's estimate (default: ${DEFAULT-VALUE}).")
    int gpus;

    @Option(names = "--gpu-speedup", paramLabel = "X", defaultValue = "20", description = "For --scale's estimate: how"
            + " many times faster a GPU trains an individual than one CPU thread here (default: ${DEFAULT-VALUE}).")
    double gpuSpeedup;

    private int individuals;
    private int budgetSteps;

    @Option(names = "--render", description = {"Benchmark rendering instead: bench64's video at 30 fps against real time at",
        "512x256, 1024x512 and 1920x1080; the speed-up of --threads encoders over one; memory after a 10 s and",
        "a 60 s render."})
    boolean render;

    @Option(names = "--threads", paramLabel = "N", description = "Encoder threads for --render (default: the cores).")
    Integer threads;

    @Option(names = "--discovery", description = {"Benchmark what the default search finds instead: a fixed-seed cpu search",
        "of --individuals individuals (default 40); verdicts, kinds, diversity, and a contact sheet."})
    boolean discovery;

    @Option(names = "--sheet", paramLabel = "FILE", defaultValue = "discovery.png",
            description = "Where --discovery writes its contact sheet (default: ${DEFAULT-VALUE}).")
    java.nio.file.Path sheet;

    @Option(names = "--keep", paramLabel = "FILE", description = {"For --discovery: keep the search's archive in FILE",
        "(a new file) to browse, cluster or promote its finds; by default it is temporary and deleted."})
    java.nio.file.Path keep;

    @Override
    public Integer call() throws java.io.IOException {
        if (discovery) {
            return discovery();
        }
        if (archive) {
            return archive();
        }
        if (render) {
            return render();
        }
        individuals = individualsOption != null ? individualsOption : scale ? 8 : 100;
        budgetSteps = budgetStepsOption != null ? budgetStepsOption : scale ? 40 : 150;
        if (evolve) {
            return evolve();
        }
        if (scale) {
            return scale();
        }
        Benchmarks bench = new Benchmarks(Devices.parse(device), BenchCommand::progress);
        Benchmarks.Reference reference = pytorch ? bench.referenceScript(python) : null;
        Benchmarks.Training t = bench.training(Math.max(1, steps), Math.max(1, rssSteps), reference);
        if (json) {
            ObjectNode node = ConfigJson.mapper().createObjectNode();
            node.put("device", t.device());
            node.put("threads", t.threads());
            node.put("bench64_ms_per_step", t.bench64MsPerStep());
            node.put("bench64_gflop_per_step", t.bench64GflopPerStep());
            node.put("bench64_gflops", t.bench64Gflops());
            node.put("matmul_gflops", t.matmulGflops());
            node.put("flops_efficiency", t.flopsEfficiency());
            node.put("cpu_ms_per_step", t.cpuMsPerStep());
            node.put("tiny_ms_per_step", t.tinyMsPerStep());
            node.put("rss_before_mb", t.rssBeforeMb());
            node.put("rss_after_mb", t.rssAfterMb());
            node.put("rss_growth_fraction", t.rssGrowthFraction());
            node.put("host_transfers_per_step", t.bench64Calls().hostTransfers());
            node.put("native_calls_per_step", t.bench64Calls().nativeCalls());
            if (t.deviceMemory() != null) {
                node.put("device_memory_before_mb", t.deviceMemory().beforeMb());
                node.put("device_memory_after_mb", t.deviceMemory().afterMb());
                node.put("device_memory_total_mb", t.deviceMemory().totalMb());
            }
            if (t.pytorch() != null) {
                node.put("pytorch_version", t.pytorch().version());
                node.put("pytorch_ms_per_step", t.pytorch().msPerStep());
                node.put("speed_vs_pytorch", t.pytorch().msPerStep() / t.bench64MsPerStep());
            }
            System.out.println(node.toString());
        } else {
            System.out.printf(Locale.ROOT, """
                    device                     %s (%d threads)
                    bench64 step               %.1f ms (median of %d)
                    bench64 work               %.1f GFLOP/step -> %.1f GFLOP/s
                    libtorch matmul            %.1f GFLOP/s
                    flops efficiency           %.1f%% of matmul
                    cpu step                   %.1f ms
                    tiny step                  %.1f ms
                    resident memory            %.0f MB -> %.0f MB over %d cpu steps (%+.2f%%)
                    bench64 calls              %d native calls, %d host transfers per step
                    """, t.device(), t.threads(), t.bench64MsPerStep(), steps, t.bench64GflopPerStep(),
                    t.bench64Gflops(), t.matmulGflops(), 100 * t.flopsEfficiency(), t.cpuMsPerStep(),
                    t.tinyMsPerStep(), t.rssBeforeMb(), t.rssAfterMb(), rssSteps, 100 * t.rssGrowthFraction(),
                    t.bench64Calls().nativeCalls(), t.bench64Calls().hostTransfers());
            if (t.deviceMemory() != null) {
                System.out.printf(Locale.ROOT, "device memory              %.0f MB -> %.0f MB in use of %.0f MB (the whole card)%n",
                        t.deviceMemory().beforeMb(), t.deviceMemory().afterMb(), t.deviceMemory().totalMb());
            }
            if (t.pytorch() != null) {
                System.out.printf(Locale.ROOT, "plain PyTorch %-12s %.1f ms per bench64 step: ours is %.2fx its speed%n",
                        t.pytorch().version(), t.pytorch().msPerStep(), t.pytorch().msPerStep() / t.bench64MsPerStep());
            }
        }
        return 0;
    }

    private int render() {
        RenderBench.Result r = RenderBench.run(Devices.parse(device), VideoOptions.encoderThreads(threads), BenchCommand::progress);
        if (json) {
            ObjectNode node = ConfigJson.mapper().createObjectNode();
            node.put("render_realtime_ratio", r.realtimeRatio());
            node.put("render_rss_mb_10s", r.rssMb10s());
            node.put("render_rss_mb_60s", r.rssMb60s());
            node.put("render_inference_fraction", r.inferenceFraction());
            node.put("render_heap_mb_10s", r.heapMb10s());
            node.put("render_heap_mb_60s", r.heapMb60s());
            node.put("render_realtime_ratio_1024", r.realtimeRatio1024());
            node.put("render_realtime_ratio_1080p", r.realtimeRatio1080p());
            node.put("render_threads", r.threads());
            node.put("render_thread_speedup", r.threadSpeedup());
            System.out.println(node.toString());
        } else {
            System.out.printf(Locale.ROOT, """
                    render 512x256 at 30 fps   %.2fx real time (10 s of video in %.1f s; %.0f%% of it inference)
                    render 1024x512            %.2fx real time (%.1f s)
                    render 1920x1080           %.2fx real time (%.1f s)
                    %d encoder threads          %.2fx faster than one (1024x512: %.1f s against %.1f s)
                    resident memory            %.0f MB after 10 s of video at 1024x512, %.0f MB after 60 s (%.1f s)
                    ... of which Java heap     %.0f MB, %.0f MB in use
                    """, r.realtimeRatio(), r.seconds10(), 100 * r.inferenceFraction(), r.realtimeRatio1024(),
                    r.seconds1024(), r.realtimeRatio1080p(), r.seconds1080p(), r.threads(), r.threadSpeedup(),
                    r.seconds1024(), r.seconds1024OneThread(), r.rssMb10s(), r.rssMb60s(), r.seconds60(), r.heapMb10s(),
                    r.heapMb60s());
        }
        return 0;
    }

    private int discovery() throws java.io.IOException {
        int n = individualsOption != null ? individualsOption : 40;
        if (n < 1) {
            throw new io.equilibria.config.ConfigException("--individuals", "must be at least 1");
        }
        if (keep != null && java.nio.file.Files.exists(keep)) {
            throw new io.equilibria.config.ConfigException("--keep", keep + " exists; name a new archive file");
        }
        DiscoveryBench.Result r = DiscoveryBench.run(Devices.parse(device), n, sheet, keep, BenchCommand::progress);
        if (json) {
            ObjectNode node = ConfigJson.mapper().createObjectNode();
            node.put("individuals", r.individuals());
            node.put("alive_fraction", r.aliveFraction());
            node.put("exploded_fraction", r.explodedFraction());
            ObjectNode verdicts = node.putObject("verdicts");
            r.verdicts().forEach(verdicts::put);
            node.put("clusters", r.clusters());
            node.put("silhouette", Double.isNaN(r.silhouette()) ? null : r.silhouette());
            node.put("vendi_score", r.vendiScore());
            node.put("individuals_per_hour", r.individualsPerHour());
            node.put("sheet", r.sheet().toAbsolutePath().toString());
            System.out.println(node.toString());
        } else {
            System.out.printf(Locale.ROOT, """
                    cpu search                 %d individuals
                    alive                      %.0f%%
                    exploded                   %.0f%%
                    verdicts                   %s
                    kinds among the living     %d (k of the best silhouette over their descriptors)
                    silhouette                 %.2f (%s)
                    Vendi score                %.2f (effective number of distinct living finds)
                    pace                       %.0f individuals per hour
                    contact sheet              %s
                    """, r.individuals(), 100 * r.aliveFraction(), 100 * r.explodedFraction(), r.verdicts(),
                    r.clusters(), r.silhouette(), Silhouette.reading(r.silhouette()), r.vendiScore(),
                    r.individualsPerHour(), r.sheet().toAbsolutePath());
        }
        return 0;
    }

    private int evolve() {
        if (individuals < EvolveBench.MEMORY_BASELINE + 1) {
            throw new io.equilibria.config.ConfigException("--individuals", "must be more than " + EvolveBench.MEMORY_BASELINE);
        }
        if (budgetSteps < 1) {
            throw new io.equilibria.config.ConfigException("--budget-steps", "must be at least 1");
        }
        EvolveBench.Result r = EvolveBench.run(Devices.parse(device), individuals, budgetSteps, BenchCommand::progress);
        if (json) {
            ObjectNode node = ConfigJson.mapper().createObjectNode();
            node.put("individuals", r.individuals());
            node.put("budget_steps", r.budgetSteps());
            node.put("wall_seconds", r.wallSeconds());
            node.put("training_seconds", r.trainingSeconds());
            node.put("overhead_fraction", r.overheadFraction());
            node.put("rss_at_10_mb", r.rssAt10Mb());
            node.put("rss_at_end_mb", r.rssAtEndMb());
            node.put("rss_growth_fraction", r.rssGrowthFraction());
            node.put("heap_at_10_mb", r.heapAt10Mb());
            node.put("heap_at_end_mb", r.heapAtEndMb());
            node.put("alive_fraction", r.aliveFraction());
            node.put("concurrency", r.concurrency().atOnce());
            node.put("threads_each", r.concurrency().threadsEach());
            node.put("individuals_per_hour", r.individualsPerHour());
            node.put("individuals_per_hour_sequential", r.individualsPerHourSequential());
            System.out.println(node.toString());
        } else {
            System.out.printf(Locale.ROOT, """
                    cpu search                 %d individuals of %d steps in %.0f s (%.0f s of training, summed)
                    time outside training      %.2f%% of the wall time, one at a time
                    resident memory            %.0f MB after the 10th individual -> %.0f MB after the last
                    ... of it the Java heap     %.0f MB -> %.0f MB (the JVM sizing its heap, not a leak)
                    native memory growth       %+.2f%% of resident memory
                    yield                      %.0f%% of evaluated individuals alive
                    individuals per hour       %.0f (%s) against %.0f one at a time: %.2fx
                    """, r.individuals(), r.budgetSteps(), r.wallSeconds(), r.trainingSeconds(),
                    100 * r.overheadFraction(), r.rssAt10Mb(), r.rssAtEndMb(), r.heapAt10Mb(), r.heapAtEndMb(),
                    100 * r.rssGrowthFraction(), 100 * r.aliveFraction(), r.individualsPerHour(),
                    r.concurrency().describe(), r.individualsPerHourSequential(),
                    r.individualsPerHour() / r.individualsPerHourSequential());
        }
        return 0;
    }

    private int scale() {
        if (individuals < 2) {
            throw new io.equilibria.config.ConfigException("--individuals", "must be at least 2");
        }
        if (budgetSteps < 1) {
            throw new io.equilibria.config.ConfigException("--budget-steps", "must be at least 1");
        }
        if (servers < 1 || gpus < 1 || !(gpuSpeedup > 0)) {
            throw new io.equilibria.config.ConfigException("--servers/--gpus/--gpu-speedup", "must be positive");
        }
        ScaleBench.Result r = ScaleBench.run(individuals, budgetSteps, BenchCommand::progress);
        String estimate = ScaleBench.estimate(r, servers, gpus, gpuSpeedup);
        if (json) {
            ObjectNode node = ConfigJson.mapper().createObjectNode();
            node.put("individuals", r.individuals());
            node.put("budget_steps", r.budgetSteps());
            node.put("one_worker_seconds", r.oneWorkerSeconds());
            node.put("two_worker_seconds", r.twoWorkerSeconds());
            node.put("two_worker_speedup", r.twoWorkerSpeedup());
            node.put("schedule_overhead_ms", r.scheduleOverheadMs());
            node.put("seconds_per_individual", r.secondsPerIndividual());
            node.put("archive_write_ms", r.archiveWriteMs());
            node.put("reply_kb", r.replyKb());
            node.put("concurrent_slowdown", r.concurrentSlowdown());
            node.put("estimate", estimate);
            System.out.println(node.toString());
        } else {
            System.out.printf(Locale.ROOT, """
                    one generation             %d cpu individuals of %d steps
                    on one worker              %.1f s
                    on two workers             %.1f s: %.2fx faster (one PyTorch thread each)
                    ... each individual        %.2fx slower while two train (shared cores, caches, memory bandwidth)
                    scheduling overhead        %.1f ms per individual (median; round trip minus the worker's time)
                    per individual             %.1f s of training on one thread; reply %.0f KB; archive write %.1f ms
                    %s""", r.individuals(), r.budgetSteps(), r.oneWorkerSeconds(), r.twoWorkerSeconds(),
                    r.twoWorkerSpeedup(), r.concurrentSlowdown(), r.scheduleOverheadMs(), r.secondsPerIndividual(), r.replyKb(),
                    r.archiveWriteMs(), estimate);
        }
        return 0;
    }

    private int archive() {
        if (entries < 200) {
            throw new io.equilibria.config.ConfigException("--entries", "must be at least 200");
        }
        ArchiveBench.Result r = ArchiveBench.run(entries, BenchCommand::progress);
        if (json) {
            ObjectNode node = ConfigJson.mapper().createObjectNode();
            node.put("archive_entries", r.entries());
            node.put("archive_insert_ms", r.insertMs());
            node.put("archive_first_page_ms", r.firstPageMs());
            node.put("archive_open_ms", r.openMs());
            node.put("archive_remote_page_ms", r.remotePageMs());
            node.put("archive_file_mb", r.fileMb());
            node.put("archive_rebuild_ms", r.rebuildMs());
            node.put("browse_gallery_ms", r.galleryMs());
            node.put("browse_map_ms", r.mapMs());
            node.put("browse_map_first_ms", r.mapFirstMs());
            node.put("browse_compare_ms", r.compareMs());
            System.out.println(node.toString());
        } else {
            System.out.printf(Locale.ROOT, """
                    archive of %,d entries     %.0f MB, written in %.1f s
                    insert one entry           %.2f ms (median of 100, thumbnails included, own commit)
                    open (fresh JVM)           %.0f ms
                    first page by novelty      %.1f ms (20 entries, right after opening)
                    ... through a running owner %.1f ms
                    rebuild from the journal   %.0f ms (what the first open after a crash does)
                    browse: gallery page       %.1f ms (HTML of the first 48, sorted by novelty)
                    browse: map                %.1f ms (the first request, reading every living find: %.0f ms)
                    browse: compare            %.1f ms
                    """, r.entries(), r.fileMb(), r.fillSeconds(), r.insertMs(), r.openMs(), r.firstPageMs(),
                    r.remotePageMs(), r.rebuildMs(), r.galleryMs(), r.mapMs(), r.mapFirstMs(), r.compareMs());
        }
        return 0;
    }

    /**
     * A benchmark's progress, on standard error in every mode: with {@code --json} standard output
     * carries the JSON alone, and a run of many minutes still shows it is alive.
     */
    private static void progress(String line) {
        System.err.println(line);
    }
}
