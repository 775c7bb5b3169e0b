package io.orator.voices.piper;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The process environment as native libraries read it. Some of libtorch's settings exist only
 * as environment variables read by its own code ({@code getenv}), once, when it first needs
 * them; Java cannot change its environment, so they are set through the C library's
 * {@code setenv}, before the native library is loaded. Where the C library cannot be reached,
 * nothing is set and the libraries keep their defaults.
 */
final class NativeEnvironment {

    private static final Logger LOG = Logger.getLogger(NativeEnvironment.class.getName());
    private static final Optional<CLibrary> LIBC = load();

    interface CLibrary extends Library {
        /** {@code char *getenv(const char *name)}. */
        String getenv(String name);

        /** {@code int setenv(const char *name, const char *value, int overwrite)}: 0 on success. */
        int setenv(String name, String value, int overwrite);
    }

    /** What became of one variable: the value in effect and who chose it. */
    record Setting(String name, String value, Source source) {

        @Override
        public String toString() {
            return (value == null ? name : name + "=" + value) + " (" + source.description + ")";
        }
    }

    enum Source {
        ENVIRONMENT("set in the environment, kept"),
        ORATOR("set by Orator"),
        LIBRARY_DEFAULT("not set: the library's default"),
        UNAVAILABLE("not set: no C library to set it through");

        private final String description;

        Source(String description) {
            this.description = description;
        }
    }

    private NativeEnvironment() {
    }

    /** The variable as native code sees it now, including values set in-process. */
    static Optional<String> get(String name) {
        return LIBC.isPresent() ? Optional.ofNullable(LIBC.get().getenv(name)) : Optional.ofNullable(System.getenv(name));
    }

    /**
     * Sets {@code name} to {@code value} unless the process environment has it already (a value
     * the operator set wins). {@code value} null leaves the variable alone.
     */
    static Setting setUnlessPresent(String name, String value) {
        Optional<String> present = get(name);
        if (present.isPresent()) {
            return new Setting(name, present.get(), Source.ENVIRONMENT);
        }
        if (value == null) {
            return new Setting(name, null, Source.LIBRARY_DEFAULT);
        }
        if (LIBC.isEmpty()) {
            return new Setting(name, null, Source.UNAVAILABLE);
        }
        // overwrite 0: even a value that appeared since the check above is kept.
        if (LIBC.get().setenv(name, value, 0) != 0) {
            return new Setting(name, null, Source.UNAVAILABLE);
        }
        return new Setting(name, value, Source.ORATOR);
    }

    private static Optional<CLibrary> load() {
        try {
            return Optional.of(Native.load("c", CLibrary.class));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.log(Level.INFO, "No C library reachable through JNA; native libraries keep their environment", e);
            return Optional.empty();
        }
    }
}
