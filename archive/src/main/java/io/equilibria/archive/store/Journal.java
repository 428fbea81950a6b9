package io.equilibria.archive.store;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The archive's record of truth: an append-only file of committed changes beside the MapDB file,
 * {@code <archive>.journal}. Each {@link Archive#write} appends one record (all of its changes) and
 * forces it to disk before MapDB commits, so a change is committed exactly when its record is
 * whole on disk.
 *
 * <p>Why: MapDB 3.1.0's write-ahead log can come back damaged from a {@code kill -9} (about one
 * kill in a hundred in our loop test; upstream jankotek/mapdb #897, #1043). An archive whose
 * process did not close it is therefore never trusted: its MapDB file is rebuilt from this
 * journal, which only ever grows by whole, checksummed records. A torn last record (the process
 * died while writing it, before the commit returned) is cut off.
 *
 * <pre>
 * file    := MAGIC record*
 * record  := length:int crc32c:int payload          (length and checksum of the payload)
 * payload := count:int op{count}
 * op      := kind:byte key:utf value-length:int value:byte[]
 * </pre>
 *
 * The journal is rewritten as a snapshot of the live records (temporary file, fsync, rename) when
 * it is missing, after a migration, and when superseded records make it large.
 */
public final class Journal implements Closeable {
    private static final byte[] MAGIC = "EQJOURN1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Records larger than this are not ours: the length field is garbage. */
    private static final int MAX_RECORD = 1 << 30;

    /** What a change sets: one key of one of the archive's maps of truth. */
    enum Kind {
        META, ENTRY, THUMBS, RUN, CLUSTERING, COMPARISON; // append only: the ordinal is what is written

        static Kind of(byte b) throws IOException {
            if (b < 0 || b >= values().length) {
                throw new IOException("unknown record kind " + b);
            }
            return values()[b];
        }
    }

    /** One change: {@code kind}'s map gets {@code value} under {@code key}. */
    record Op(Kind kind, String key, byte[] value) {
        /** A change whose value is text (metadata, thumbnail names). */
        static Op text(Kind kind, String key, String value) {
            return new Op(kind, key, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        /** The value as text. */
        String text() {
            return new String(value, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Op(Kind k, String n, byte[] v) && k == kind && n.equals(key) && Arrays.equals(v, value);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * kind.hashCode() + key.hashCode()) + Arrays.hashCode(value);
        }
    }

    private final Path path;
    private final FileChannel channel;
    /** An append failed and its bytes could not be cut off again: nothing may follow them. */
    private boolean broken;

    private Journal(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    static Path fileOf(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".journal");
    }

    /** Opens an existing journal for appending at its end. */
    static Journal append(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE);
        channel.position(channel.size());
        return new Journal(path, channel);
    }

    /** Appends one record holding {@code ops} and forces it to disk. */
    void append(List<Op> ops) throws IOException {
        if (ops.isEmpty()) {
            return;
        }
        if (broken) {
            throw new IOException("an earlier append to " + path + " failed");
        }
        ByteBuffer record = ByteBuffer.wrap(record(ops));
        long end = channel.position();
        try {
            while (record.hasRemaining()) {
                channel.write(record);
            }
            channel.force(false);
        } catch (IOException e) {
            try {
                channel.truncate(end);
                channel.position(end);
            } catch (IOException again) {
                broken = true;
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    boolean broken() {
        return broken;
    }

    long size() throws IOException {
        return channel.size();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static byte[] record(List<Op> ops) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0); // length and checksum, filled in below
        out.writeInt(0);
        out.writeInt(ops.size());
        for (Op op : ops) {
            out.writeByte(op.kind().ordinal());
            out.writeUTF(op.key());
            out.writeInt(op.value().length);
            out.write(op.value());
        }
        out.flush();
        byte[] record = bytes.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(record, 8, record.length - 8);
        ByteBuffer head = ByteBuffer.wrap(record, 0, 8);
        head.putInt(record.length - 8);
        head.putInt((int) crc.getValue());
        return record;
    }

    /**
     * Feeds every whole record's ops to {@code apply}, in order, and returns the length of the
     * valid prefix of the file (where a torn record, if any, begins).
     */
    static long replay(Path path, Consumer<List<Op>> apply) throws IOException {
        try (InputStream raw = Files.newInputStream(path);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(path + " is not an equilibria journal");
            }
            long valid = MAGIC.length;
            while (true) {
                int length;
                int checksum;
                byte[] payload;
                try {
                    length = in.readInt();
                    checksum = in.readInt();
                    if (length < 4 || length > MAX_RECORD) {
                        return valid;
                    }
                    payload = in.readNBytes(length);
                } catch (EOFException e) {
                    return valid;
                }
                if (payload.length < length) {
                    return valid;
                }
                CRC32C crc = new CRC32C();
                crc.update(payload);
                if ((int) crc.getValue() != checksum) {
                    return valid;
                }
                apply.accept(ops(payload));
                valid += 8 + length;
            }
        }
    }

    private static List<Op> ops(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
        int count = in.readInt();
        Op[] ops = new Op[count];
        for (int i = 0; i < count; i++) {
            Kind kind = Kind.of(in.readByte());
            String key = in.readUTF();
            ops[i] = new Op(kind, key, in.readNBytes(in.readInt()));
        }
        return List.of(ops);
    }

    /** Cuts a torn record off the end. */
    static void truncate(Path path, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            if (channel.size() > length) {
                channel.truncate(length);
                channel.force(true);
            }
        }
    }

    /**
     * Replaces the journal at {@code path} by one holding {@code live}: written to a temporary file,
     * forced, and renamed over the old one, so a crash leaves either journal whole.
     */
    static void writeSnapshot(Path path, Consumer<Consumer<Op>> live) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
                var out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16)) {
            out.write(MAGIC);
            java.util.ArrayList<Op> batch = new java.util.ArrayList<>();
            long[] batchBytes = {0};
            IOException[] failure = {null};
            live.accept(op -> {
                batch.add(op);
                batchBytes[0] += op.value().length;
                if (batch.size() >= 512 || batchBytes[0] >= (1 << 22)) {
                    try {
                        out.write(record(batch));
                    } catch (IOException e) {
                        failure[0] = failure[0] == null ? e : failure[0];
                    }
                    batch.clear();
                    batchBytes[0] = 0;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            if (!batch.isEmpty()) {
                out.write(record(batch));
            }
            out.flush();
            channel.force(true);
        }
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Blobs.syncDirectory(path.toAbsolutePath().getParent());
    }

    /** Removes a snapshot that a crash left half-written. */
    static void removeStaleSnapshot(Path path) throws IOException {
        Files.deleteIfExists(path.resolveSibling(path.getFileName() + ".tmp"));
    }

    Path path() {
        return path;
    }
}
