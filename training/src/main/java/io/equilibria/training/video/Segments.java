package io.equilibria.training.video;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.jcodec.common.Codec;
import org.jcodec.common.MuxerTrack;
import org.jcodec.common.VideoCodecMeta;
import org.jcodec.common.io.FileChannelWrapper;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Packet;
import org.jcodec.common.model.Size;
import org.jcodec.containers.mp4.boxes.Box;
import org.jcodec.containers.mp4.boxes.MediaHeaderBox;
import org.jcodec.containers.mp4.boxes.MovieBox;
import org.jcodec.containers.mp4.boxes.MovieHeaderBox;
import org.jcodec.containers.mp4.boxes.NodeBox;
import org.jcodec.containers.mp4.boxes.TrackHeaderBox;
import org.jcodec.containers.mp4.muxer.MP4Muxer;

/**
 * The finished pieces of a render on disk: each segment of each video is a file of H.264 access
 * units (Annex B, every one a key frame), written under a temporary name and renamed when
 * whole, so that a render stopped in any way (Ctrl-C, {@code kill -9}) continues from the pieces
 * it finished. {@link #mux} joins one video's segments, in order, into an MP4.
 */
final class Segments {
    private static final int MAGIC = 0x45515331; // "EQS1"

    private final Path dir;

    Path dir() {
        return dir;
    }

    Segments(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    Path file(int video, int segment) {
        return dir.resolve(String.format(Locale.ROOT, "v%03d-s%06d.h264", video, segment));
    }

    /** Whether segment {@code segment} of video {@code video} was finished. */
    boolean done(int video, int segment) {
        return Files.isRegularFile(file(video, segment));
    }

    /** How many of {@code videos} videos have segment {@code segment} finished. */
    int finished(int segment, int videos) {
        int n = 0;
        for (int v = 0; v < videos; v++) {
            n += done(v, segment) ? 1 : 0;
        }
        return n;
    }

    /** Collects one segment's access units and publishes them whole. */
    final class Writer implements AutoCloseable {
        private final Path target;
        private final Path tmp;
        private final DataOutputStream out;
        private boolean finished;

        Writer(int video, int segment) throws IOException {
            target = file(video, segment);
            tmp = target.resolveSibling(target.getFileName() + ".tmp");
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16));
            out.writeInt(MAGIC);
        }

        void add(ByteBuffer accessUnit) throws IOException {
            out.writeInt(accessUnit.remaining());
            if (accessUnit.hasArray()) {
                out.write(accessUnit.array(), accessUnit.arrayOffset() + accessUnit.position(), accessUnit.remaining());
            } else {
                byte[] bytes = new byte[accessUnit.remaining()];
                accessUnit.duplicate().get(bytes);
                out.write(bytes);
            }
        }

        /** Writes it out and renames it into place. */
        void finish() throws IOException {
            out.close();
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            finished = true;
        }

        @Override
        public void close() throws IOException {
            if (!finished) {
                out.close();
                Files.deleteIfExists(tmp);
            }
        }
    }

    Writer writer(int video, int segment) throws IOException {
        return new Writer(video, segment);
    }

    /**
     * Writes video {@code video}'s {@code segments} segments, in order, as one MP4 track of
     * {@code fps} frames per second into {@code mp4} (under a temporary name, then renamed).
     *
     * @return the number of frames written
     */
    /**
     * Sets every creation and modification time of the header to 0 ("unknown"): JCodec writes the
     * wall clock there, and a render must give the same bytes whenever it runs (and whether it was
     * resumed). JCodec has no setter, hence reflection on its three header boxes.
     */
    private static void undated(NodeBox node) throws IOException {
        for (Box box : node.getBoxes()) {
            if (box instanceof MovieHeaderBox || box instanceof TrackHeaderBox || box instanceof MediaHeaderBox) {
                try {
                    for (String name : new String[] {"created", "modified"}) {
                        Field field = box.getClass().getDeclaredField(name);
                        field.setAccessible(true);
                        field.setLong(box, 0);
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IOException("cannot clear the MP4 header's dates in " + box.getClass().getName(), e);
                }
            } else if (box instanceof NodeBox inner) {
                undated(inner);
            }
        }
    }

    int mux(int video, int segments, int width, int height, int fps, Path mp4) throws IOException {
        Path tmp = mp4.resolveSibling("." + mp4.getFileName() + ".tmp");
        int frame = 0;
        boolean done = false;
        try (FileChannelWrapper channel = NIOUtils.writableChannel(tmp.toFile())) {
            MP4Muxer muxer = MP4Muxer.createMP4MuxerToChannel(channel);
            MuxerTrack track = muxer.addVideoTrack(Codec.H264,
                    VideoCodecMeta.createSimpleVideoCodecMeta(new Size(width, height), ColorSpace.YUV420J));
            for (int s = 0; s < segments; s++) {
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                        Files.newInputStream(file(video, s)), 1 << 16))) {
                    if (in.readInt() != MAGIC) {
                        throw new IOException(file(video, s) + " is not a segment of a render");
                    }
                    while (true) {
                        int length;
                        try {
                            length = in.readInt();
                        } catch (EOFException end) {
                            break;
                        }
                        byte[] unit = new byte[length];
                        in.readFully(unit);
                        track.addFrame(Packet.createPacket(ByteBuffer.wrap(unit), frame, fps, 1, frame,
                                Packet.FrameType.KEY, null));
                        frame++;
                    }
                }
            }
            MovieBox movie = muxer.finalizeHeader();
            undated(movie);
            muxer.storeHeader(movie);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
        Files.move(tmp, mp4, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return frame;
    }
}
