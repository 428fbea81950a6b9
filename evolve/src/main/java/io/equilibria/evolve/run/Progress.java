package io.equilibria.evolve.run;

import io.equilibria.config.Budget;
import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of long work: a live bar on a terminal, plain lines (at most one every few seconds)
 * when there is none, as under CI or with output redirected.
 */
public interface Progress extends AutoCloseable {

    /** Makes progress displays (tests give one that stays quiet). */
    @FunctionalInterface
    interface Factory {
        Progress create(String task, long max, String unit, long initial);

        /**
         * A display of a training's {@code budget}: in steps, or in whole seconds, starting from
         * where a resumed training stands ({@code step}, {@code seconds}).
         */
        default Progress training(String task, Budget budget, long step, double seconds) {
            return switch (budget) {
                case Budget.Steps s -> create(task, s.steps(), "steps", step);
                case Budget.Seconds s -> create(task, (long) s.seconds(), "s", (long) seconds);
            };
        }
    }

    /** Reports {@code done} units of {@code max} and a short status (losses, rates). */
    void update(long done, String status);

    /** Prints a line of its own without breaking the display. */
    void println(String line);

    @Override
    void close();

    /**
     * A bar if standard error is a terminal and CI is not set, plain lines otherwise.
     *
     * @param initial units already done before this process (a resumed job), excluded from rates
     */
    static Progress create(String task, long max, String unit, long initial) {
        var console = System.console();
        boolean terminal = console != null && console.isTerminal() && !"true".equalsIgnoreCase(System.getenv("CI"));
        return terminal ? new Bar(task, max, unit, initial) : new Lines(task, max, unit, initial, System.err, 5_000);
    }

    /** me.tongfei's progress bar. */
    final class Bar implements Progress {
        private final ProgressBar bar;

        Bar(String task, long max, String unit, long initial) {
            this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUnit(" " + unit, 1)
                    .startsFrom(initial, Duration.ZERO)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).showSpeed().setUpdateIntervalMillis(250)
                    .setMaxRenderedLength(140).build();
        }

        @Override
        public void update(long done, String status) {
            bar.stepTo(done);
            bar.setExtraMessage(status);
        }

        @Override
        public void println(String line) {
            System.err.print("\r\033[K");
            System.err.println(line);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** One line every {@code intervalMillis} at most, with rate and ETA. */
    final class Lines implements Progress {
        private final String task;
        private final long max;
        private final String unit;
        private final long initial;
        private final PrintStream out;
        private final long intervalMillis;
        private final long started = System.nanoTime();
        private long lastPrinted = Long.MIN_VALUE;
        private long lastDone;
        private String lastStatus = "";

        Lines(String task, long max, String unit, long initial, PrintStream out, long intervalMillis) {
            this.task = task;
            this.max = max;
            this.unit = unit;
            this.initial = initial;
            this.out = out;
            this.intervalMillis = intervalMillis;
        }

        @Override
        public void update(long done, String status) {
            lastDone = done;
            lastStatus = status;
            long now = System.nanoTime() / 1_000_000;
            if (lastPrinted == Long.MIN_VALUE || now - lastPrinted >= intervalMillis || done >= max) {
                lastPrinted = now;
                print();
            }
        }

        private void print() {
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = seconds > 0 ? (lastDone - initial) / seconds : 0;
            String eta = rate > 0 && lastDone < max ? " ETA " + format(Duration.ofSeconds((long) ((max - lastDone) / rate))) : "";
            out.printf("%s %d/%d %s (%.0f%%) %.2f %s/s%s | %s%n", task, lastDone, max, unit,
                    max > 0 ? 100.0 * lastDone / max : 100.0, rate, unit, eta, lastStatus);
        }

        @Override
        public void println(String line) {
            out.println(line);
        }

        @Override
        public void close() {
            out.flush();
        }

        private static String format(Duration d) {
            long s = d.toSeconds();
            return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
                    : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
        }
    }
}
