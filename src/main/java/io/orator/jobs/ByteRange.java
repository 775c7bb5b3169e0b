package io.orator.jobs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of an RFC 9110 {@code Range} header, clamped to the file; several ranges are
 * answered with the whole file, as the RFC allows.
 */
record ByteRange(long start, long end, boolean satisfiable) {

    private static final Pattern SINGLE_RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");

    long length() {
        return end - start + 1;
    }

    /**
     * The range {@code header} asks for in a file of {@code length} bytes.
     *
     * @return null to serve the whole file (no header, several ranges, or one it cannot read);
     *         an unsatisfiable range for a 416
     */
    static ByteRange parse(String header, long length) {
        if (header == null) {
            return null;
        }
        Matcher m = SINGLE_RANGE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                return suffix == 0 || length == 0 ? unsatisfiable()
                        : new ByteRange(Math.max(0, length - suffix), length - 1, true);
            }
            long start = Long.parseLong(m.group(1));
            long end = m.group(2).isEmpty() ? length - 1 : Math.min(Long.parseLong(m.group(2)), length - 1);
            return start >= length || end < start ? unsatisfiable() : new ByteRange(start, end, true);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ByteRange unsatisfiable() {
        return new ByteRange(0, -1, false);
    }
}
