package io.orator.synthesis.encoding;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a native encoder's write callback puts its bytes. An exception cannot travel back
 * through the C library, so the stream's own failure is kept here and the encoder rethrows it
 * to its Java caller once the native call returns.
 */
final class CallbackOutput {

    private final OutputStream out;
    private IOException failure;

    CallbackOutput(OutputStream out) {
        this.out = out;
    }

    /** Copies {@code length} native bytes to the stream; false, for the library to stop, once the stream failed. */
    boolean write(Pointer bytes, int length) {
        if (failure != null) {
            return false;
        }
        try {
            out.write(bytes.getByteArray(0, length));
            return true;
        } catch (IOException e) {
            failure = e;
            return false;
        }
    }

    void throwIfFailed() throws IOException {
        if (failure != null) {
            throw failure;
        }
    }
}
