package io.orator.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

    private static final long SIZE = 1000;

    @Test
    void noHeaderServesTheWholeFile() {
        assertNull(ByteRange.parse(null, SIZE));
    }

    @Test
    void closedRangeIsServedAsAsked() {
        ByteRange range = ByteRange.parse("bytes=0-99", SIZE);

        assertEquals(new ByteRange(0, 99, true), range);
        assertEquals(100, range.length());
    }

    @Test
    void oneByteRange() {
        assertEquals(1, ByteRange.parse("bytes=7-7", SIZE).length());
    }

    @Test
    void openEndedRangeRunsToTheEnd() {
        assertEquals(new ByteRange(500, 999, true), ByteRange.parse("bytes=500-", SIZE));
    }

    @Test
    void suffixRangeIsTheLastBytes() {
        ByteRange range = ByteRange.parse("bytes=-500", SIZE);

        assertEquals(new ByteRange(500, 999, true), range);
        assertEquals(500, range.length());
    }

    @Test
    void suffixLongerThanTheFileIsTheWholeFile() {
        assertEquals(new ByteRange(0, 999, true), ByteRange.parse("bytes=-5000", SIZE));
    }

    @Test
    void endBeyondTheFileIsClampedToItsLastByte() {
        assertEquals(new ByteRange(900, 999, true), ByteRange.parse("bytes=900-5000", SIZE));
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertEquals(new ByteRange(0, 9, true), ByteRange.parse("  bytes=0-9 ", SIZE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=1000-", "bytes=1000-2000", "bytes=5000-", "bytes=-0", "bytes=5-3"})
    void rangeOutsideTheFileIsUnsatisfiable(String header) {
        ByteRange range = ByteRange.parse(header, SIZE);

        assertFalse(range.satisfiable(), header);
    }

    @Test
    void anyRangeOfAnEmptyFileIsUnsatisfiable() {
        assertFalse(ByteRange.parse("bytes=0-", 0).satisfiable());
        assertFalse(ByteRange.parse("bytes=-10", 0).satisfiable());
    }

    @Test
    void severalRangesServeTheWholeFile() {
        assertNull(ByteRange.parse("bytes=0-99,200-299", SIZE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bytes=", "bytes=-", "bytes=a-b", "bytes=0-x", "items=0-99", "bytes 0-99",
            "BYTES=0-99", "bytes=+1-5", "bytes=99999999999999999999-"})
    void unreadableHeaderServesTheWholeFile(String header) {
        assertNull(ByteRange.parse(header, SIZE), header);
    }
}
