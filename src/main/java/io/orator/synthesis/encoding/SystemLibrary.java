package io.orator.synthesis.encoding;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Binds a codec library that the operating system provides (Debian's libFLAC, libopusenc).
 * Runtime packages ship only the versioned file ({@code libFLAC.so.12}); the unversioned name
 * exists where the -dev package is installed, so both are tried. A library that is not there
 * leaves its format unavailable: listed, refused with a clear 4xx, never a crash.
 */
final class SystemLibrary {

    private static final Logger LOG = Logger.getLogger(SystemLibrary.class.getName());

    private SystemLibrary() {
    }

    static <T extends Library> Optional<T> load(Class<T> binding, String format, String... names) {
        for (String name : names) {
            try {
                return Optional.of(Native.load(name, binding));
            } catch (UnsatisfiedLinkError e) {
                // JNA's message lists every place it looked; the next name may still be found.
                LOG.log(Level.FINE, "No " + name + " here", e);
            }
        }
        LOG.info("No " + String.join(" or ", names) + " on this system: " + format
                + " audio is unavailable until it is installed");
        return Optional.empty();
    }
}
