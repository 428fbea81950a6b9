package io.equilibria.training.video;

import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.codecs.h264.encode.MBDeblocker;
import org.jcodec.codecs.h264.encode.RateControl;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.codecs.h264.io.model.SliceType;
import org.jcodec.codecs.h264.io.model.VUIParameters;
import org.jcodec.common.model.Size;

/**
 * JCodec's baseline H.264 encoder at a constant quantiser, every frame a key frame, whose sequence
 * header says what its samples are: BT.709 primaries, transfer and matrix, limited range
 * ({@link Bt709}). Without it JCodec's stream says nothing and players guess.
 *
 * <p>Why only key frames: JCodec's predicted frames code every macroblock with a full residual (no
 * skipped blocks, one 16 × 16 partition), so on these loops they came out as large as key frames
 * (60–80 kB against 80 kB at 1920 × 1080), and their motion search made the encoding twice as
 * slow: intra-only is smaller, faster, cannot drift, and every frame is a seek point. It also needs
 * no deblocked reference picture, which is what the replaced {@link MBDeblocker} gives up.
 */
final class SignalledH264Encoder extends H264Encoder {
    static {
        boolean ours;
        try {
            ours = MBDeblocker.class.getField("EQUILIBRIA_PREDICTS_FROM_UNFILTERED").getBoolean(null);
        } catch (ReflectiveOperationException e) {
            ours = false;
        }
        if (!ours) {
            throw new IllegalStateException("JCodec's own MBDeblocker was loaded before equilibria's replacement ("
                    + MBDeblocker.class.getProtectionDomain().getCodeSource() + "): its videos would decode with"
                    + " drifting colours; put the training module before jcodec on the class path");
        }
    }

    private static final int BT709 = 1;
    private static final int UNSPECIFIED_FORMAT = 5;

    /** Every macroblock of every picture at quantiser {@code qp}. */
    private record ConstantQp(int qp) implements RateControl {
        @Override
        public int startPicture(Size size, int maxSize, SliceType sliceType) {
            return qp;
        }

        @Override
        public int initialQpDelta() {
            return 0;
        }

        @Override
        public int accept(int bits) {
            return 0;
        }
    }

    /** @param qp the quantiser, 10–51 */
    SignalledH264Encoder(int qp) {
        super(new ConstantQp(qp));
        setKeyInterval(1);
    }

    @Override
    public SeqParameterSet initSPS(Size size) {
        SeqParameterSet sps = super.initSPS(size);
        VUIParameters vui = new VUIParameters();
        vui.videoSignalTypePresentFlag = true;
        vui.videoFormat = UNSPECIFIED_FORMAT;
        vui.videoFullRangeFlag = false;
        vui.colourDescriptionPresentFlag = true;
        vui.colourPrimaries = BT709;
        vui.transferCharacteristics = BT709;
        vui.matrixCoefficients = BT709;
        sps.vuiParams = vui;
        return sps;
    }
}
