package io.equilibria.archive.store;

import io.equilibria.archive.Blob;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Samples;
import io.equilibria.archive.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A second process for tests: {@code hold FILE} opens the archive, adds an entry, prints
 * {@code ready} and waits; {@code churn FILE START} adds entries with blobs one commit at a time,
 * printing {@code committed ID} after each (and {@code promoted ID N} after every third, which
 * also sets run {@code churn} to generation N), until it is killed.
 */
public final class ArchiveProcess {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        try (Archive archive = Archive.open(file)) {
            if (args[0].equals("hold")) {
                archive.write(w -> {
                    w.put(Samples.evaluated(7, 1.5), Samples.thumbnails(7));
                    return null;
                });
                System.out.println("ready");
                System.out.flush();
                Thread.sleep(120_000);
                return;
            }
            long seed = Long.parseLong(args[2]);
            while (true) {
                long s = seed++;
                Entry entry = archive.write(w -> {
                    Blob sheet = w.store(Samples.png(s, 64), "png");
                    Blob trace = w.store(("step,loss\n1," + s + "\n").repeat(200).getBytes(), "csv");
                    Entry e = Samples.evaluated(s, s * 0.01, 0.5, (int) (s % 5), List.of(), "churn",
                            Map.of(Entry.SHEET_A, sheet, Entry.TELEMETRY, trace));
                    w.put(e, Samples.thumbnails(s));
                    return e;
                });
                System.out.println("committed " + entry.id());
                if (s % 3 == 0) {
                    // Updates and run states too: a rebuild must replay them in order.
                    archive.write(w -> {
                        w.update(entry.id(), e -> e.withStatus(Status.PROMOTED, null));
                        w.putRun(Samples.searchRun("churn", (int) s));
                        return null;
                    });
                    System.out.println("promoted " + entry.id() + " " + s);
                }
                System.out.flush();
            }
        }
    }
}
