package io.orator.synthesis.encoding;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Opus in Ogg through the system's libopusenc, the reference encoder's streaming library: it
 * takes samples at any rate (resampling to Opus's 48 kHz itself) and writes Ogg pages through a
 * callback. Mono at 32 kbit/s, complexity 5, the mode left to the encoder.
 * Pages leave at least every 200 ms of audio, so a streamed request's first audio is not held
 * back by the Ogg muxer's default one-second delay.
 */
final class OpusEncoder implements AudioEncoder {

    private static final int BITRATE_BPS = 32_000;
    /**
     * bench/EncodeSpeed.java, 124 s of speech on one core: the library's default, complexity 10
     * with a voice hint (SILK), encoded 80 times real time; 5 without a hint (Opus then chooses
     * CELT at this rate) 229 times, at the same size.
     */
    private static final int COMPLEXITY = 5;
    /** In 48 kHz samples: 200 ms. */
    private static final int MUXING_DELAY = 9_600;

    private final LibOpusEnc opus;
    private final CallbackOutput output;
    /** Held by this object so the native callbacks stay alive as long as the encoder does. */
    private final LibOpusEnc.Callbacks callbacks = new LibOpusEnc.Callbacks();
    private Pointer encoder;
    private short[] block = new short[0];

    static boolean available() {
        return LibOpusEnc.INSTANCE.isPresent();
    }

    OpusEncoder(OutputStream out, int sampleRate) throws IOException {
        this.opus = LibOpusEnc.INSTANCE.orElseThrow(() -> new IllegalStateException("libopusenc is not installed"));
        this.output = new CallbackOutput(out);
        callbacks.write = (userData, bytes, length) -> output.write(bytes, length) ? 0 : 1;
        callbacks.close = userData -> 0;
        Pointer comments = opus.ope_comments_create();
        if (comments == null) {
            throw new OutOfMemoryError("libopusenc could not allocate comments");
        }
        int[] error = new int[1];
        try {
            opus.ope_comments_add(comments, "ENCODER", "Orator");
            encoder = opus.ope_encoder_create_callbacks(callbacks, null, comments, sampleRate, 1,
                    LibOpusEnc.FAMILY_MONO_STEREO, error);
        } finally {
            // The encoder keeps its own copy of the comments.
            opus.ope_comments_destroy(comments);
        }
        if (encoder == null) {
            throw new IllegalArgumentException("libopusenc refused mono audio at " + sampleRate + " Hz: "
                    + opus.ope_strerror(error[0]));
        }
        try {
            check(opus.ope_encoder_ctl(encoder, LibOpusEnc.OPUS_SET_BITRATE_REQUEST, BITRATE_BPS));
            check(opus.ope_encoder_ctl(encoder, LibOpusEnc.OPUS_SET_COMPLEXITY_REQUEST, COMPLEXITY));
            check(opus.ope_encoder_ctl(encoder, LibOpusEnc.OPE_SET_MUXING_DELAY_REQUEST, MUXING_DELAY));
            check(opus.ope_encoder_flush_header(encoder));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void accept(short[] samples, int offset, int length) throws IOException {
        short[] from = samples;
        if (offset != 0) {
            if (block.length < length) {
                block = new short[length];
            }
            System.arraycopy(samples, offset, block, 0, length);
            from = block;
        }
        check(opus.ope_encoder_write(encoder, from, length));
    }

    @Override
    public void finish() throws IOException {
        try {
            check(opus.ope_encoder_drain(encoder));
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (encoder != null) {
            opus.ope_encoder_destroy(encoder);
            encoder = null;
        }
    }

    /** A failed write surfaces as the stream's own exception, anything else with libopusenc's message. */
    private void check(int result) throws IOException {
        output.throwIfFailed();
        if (result != LibOpusEnc.OPE_OK) {
            throw new IOException("libopusenc: " + opus.ope_strerror(result));
        }
    }
}
