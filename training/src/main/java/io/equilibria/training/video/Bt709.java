package io.equilibria.training.video;

import org.jcodec.common.model.Picture;

/**
 * RGB to the Y'CbCr of HD video: BT.709 coefficients, limited ("TV") range (Y' 16–235, Cb and
 * Cr 16–240), 4:2:0 with each chroma sample the mean of its 2 × 2 pixels. This is what players
 * assume of H.264 and what the stream says of itself ({@link SignalledH264Encoder}), so an
 * independent decoder shows the generator's pixels. JCodec keeps samples as {@code value − 128}.
 */
final class Bt709 {
    // Coefficients scaled by 2^16: Y' = 16 + 219/255 (0.2126 R + 0.7152 G + 0.0722 B), and the
    // colour differences (B − Y)/1.8556 and (R − Y)/1.5748 scaled by 224/255.
    private static final int YR = 11966;
    private static final int YG = 40254;
    private static final int YB = 4064;
    private static final int UR = -6596;
    private static final int UG = -22189;
    private static final int UB = 28784;
    private static final int VR = 28784;
    private static final int VG = -26145;
    private static final int VB = -2639;
    private static final int HALF = 1 << 15;

    private Bt709() {}

    /** Converts the {@code width} × {@code height} pixels 0xRRGGBB into {@code out} (4:2:0, even sizes). */
    static void convert(int[] rgb, int width, int height, Picture out) {
        byte[] y = out.getPlaneData(0);
        byte[] u = out.getPlaneData(1);
        byte[] v = out.getPlaneData(2);
        int lumaStride = out.getPlaneWidth(0);
        int chromaStride = out.getPlaneWidth(1);
        for (int row = 0; row < height; row += 2) {
            for (int col = 0; col < width; col += 2) {
                int r = 0;
                int g = 0;
                int b = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int p = rgb[(row + dy) * width + col + dx];
                        int pr = (p >> 16) & 0xff;
                        int pg = (p >> 8) & 0xff;
                        int pb = p & 0xff;
                        y[(row + dy) * lumaStride + col + dx] =
                                (byte) (16 - 128 + ((YR * pr + YG * pg + YB * pb + HALF) >> 16));
                        r += pr;
                        g += pg;
                        b += pb;
                    }
                }
                // Sums of four: shift by two more, and round.
                int c = (row / 2) * chromaStride + col / 2;
                u[c] = (byte) ((UR * r + UG * g + UB * b + (HALF << 2)) >> 18);
                v[c] = (byte) ((VR * r + VG * g + VB * b + (HALF << 2)) >> 18);
            }
        }
    }
}
