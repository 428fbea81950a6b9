package org.jcodec.codecs.h264.encode;

/**
 * Replaces JCodec 0.2.5's encoder-side deblocker (same name, earlier on the class path) with one
 * that leaves the reconstruction as it is.
 *
 * <p>Why: JCodec's H.264 encoder deblocks each macroblock as soon as it is coded and then takes
 * the bottom row of that filtered macroblock as the top neighbours of intra prediction for the row
 * below. The standard predicts from the samples before deblocking, and so do decoders, so wherever
 * the filter changes something (quantisers of 16 and above) the encoder's picture and every
 * decoder's drift apart, macroblock after macroblock: a black band under a bright picture decoded
 * 20 to 35 levels off, as tinted stripes that grow from left to right. With this class the encoder
 * predicts from unfiltered samples like the decoder; decoders still deblock what they show (the
 * stream does not turn the filter off). {@code SignalledH264Encoder} encodes every frame as a key
 * frame, so no filtered reference picture is ever needed, and refuses to run when this class is not
 * the one loaded. {@code IndependentDecoderTest} and {@code SignalledH264EncoderTest} check the match.
 */
public class MBDeblocker {
    /** Marks this replacement; {@code SignalledH264Encoder} checks that it is the one loaded. */
    public static final boolean EQUILIBRIA_PREDICTS_FROM_UNFILTERED = true;

    public MBDeblocker() {}

    /** Leaves an intra macroblock's reconstruction unfiltered. */
    public void deblockMBI(EncodedMB cur, EncodedMB left, EncodedMB top) {}

    /** Leaves an inter macroblock's reconstruction unfiltered (unused: every frame is a key frame). */
    public void deblockMBP(EncodedMB cur, EncodedMB left, EncodedMB top) {}
}
