package io.equilibria.training.video;

/**
 * Enlarges a square RGB image with bicubic interpolation: Keys' cubic convolution kernel with
 * a = −0.5 (Catmull–Rom), pixel centres aligned, edges clamped, which is what Java 2D's
 * {@code VALUE_INTERPOLATION_BICUBIC} computes. Separable (rows, then columns) in fixed point.
 *
 * <p>Why not Java 2D itself: it evaluates all 16 taps per output pixel; enlarging two 64-pixel
 * squares into a 1920 × 1080 frame took 76 ms there (TwelveMonkeys' {@code ResampleOp}: more than
 * 150 ms), longer than encoding the frame. This takes a few milliseconds and gives the same
 * pixels within three levels (a fraction of a level on average) ({@code PicturesTest} compares the two).
 */
final class Bicubic {
    private static final int BITS = 14;
    private static final int ONE = 1 << BITS;

    private final int source;
    private final int target;
    private final int[] first; // first source tap of each target coordinate
    private final int[] weights; // four per target coordinate, summing to ONE
    private final int[] rows; // the horizontal pass: source rows × target columns × 3, scaled by ONE

    /** A scaler from {@code source}² to {@code target}² pixels. */
    Bicubic(int source, int target) {
        this.source = source;
        this.target = target;
        first = new int[target];
        weights = new int[4 * target];
        double scale = (double) source / target;
        for (int i = 0; i < target; i++) {
            double x = (i + 0.5) * scale - 0.5;
            int x0 = (int) Math.floor(x);
            double t = x - x0;
            first[i] = x0 - 1;
            int sum = 0;
            for (int k = 0; k < 3; k++) {
                int w = (int) Math.round(kernel(t + 1 - k) * ONE);
                weights[4 * i + k] = w;
                sum += w;
            }
            weights[4 * i + 3] = ONE - sum; // exact sum: flat areas stay exactly flat
        }
        rows = new int[source * target * 3];
    }

    /** Keys' cubic convolution kernel, a = −0.5. */
    static double kernel(double x) {
        double ax = Math.abs(x);
        if (ax <= 1) {
            return (1.5 * ax - 2.5) * ax * ax + 1;
        }
        if (ax < 2) {
            return ((-0.5 * ax + 2.5) * ax - 4) * ax + 2;
        }
        return 0;
    }

    private int clampIndex(int i) {
        return i < 0 ? 0 : Math.min(i, source - 1);
    }

    /**
     * Enlarges {@code image} (0xRRGGBB, {@code source}² pixels, row by row) into the square at
     * ({@code x}, {@code y}) of {@code frame}, a picture {@code stride} pixels wide.
     */
    void scale(int[] image, int[] frame, int stride, int x, int y) {
        for (int row = 0; row < source; row++) {
            int base = row * source;
            int out = row * target * 3;
            for (int i = 0; i < target; i++) {
                int r = 0;
                int g = 0;
                int b = 0;
                int f = first[i];
                for (int k = 0; k < 4; k++) {
                    int p = image[base + clampIndex(f + k)];
                    int w = weights[4 * i + k];
                    r += ((p >> 16) & 0xff) * w;
                    g += ((p >> 8) & 0xff) * w;
                    b += (p & 0xff) * w;
                }
                rows[out++] = r;
                rows[out++] = g;
                rows[out++] = b;
            }
        }
        int half = 1 << (2 * BITS - 1);
        int width = target * 3;
        for (int j = 0; j < target; j++) {
            int f = first[j];
            int r0 = clampIndex(f) * width;
            int r1 = clampIndex(f + 1) * width;
            int r2 = clampIndex(f + 2) * width;
            int r3 = clampIndex(f + 3) * width;
            int w0 = weights[4 * j];
            int w1 = weights[4 * j + 1];
            int w2 = weights[4 * j + 2];
            int w3 = weights[4 * j + 3];
            int out = (y + j) * stride + x;
            for (int i = 0, c = 0; i < target; i++, c += 3) {
                int r = channel((long) rows[r0 + c] * w0 + (long) rows[r1 + c] * w1 + (long) rows[r2 + c] * w2
                        + (long) rows[r3 + c] * w3, half);
                int g = channel((long) rows[r0 + c + 1] * w0 + (long) rows[r1 + c + 1] * w1
                        + (long) rows[r2 + c + 1] * w2 + (long) rows[r3 + c + 1] * w3, half);
                int b = channel((long) rows[r0 + c + 2] * w0 + (long) rows[r1 + c + 2] * w1
                        + (long) rows[r2 + c + 2] * w2 + (long) rows[r3 + c + 2] * w3, half);
                frame[out + i] = (r << 16) | (g << 8) | b;
            }
        }
    }

    private static int channel(long v, int half) {
        int c = (int) ((v + half) >> (2 * BITS));
        return c < 0 ? 0 : Math.min(c, 255);
    }
}
