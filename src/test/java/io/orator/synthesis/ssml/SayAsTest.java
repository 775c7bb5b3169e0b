package io.orator.synthesis.ssml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SayAsTest {

    private static String english(String kind, String text) throws SayAs.Unreadable {
        return SayAs.expand(kind, null, text, "en-US");
    }

    @Test
    void cardinals() throws SayAs.Unreadable {
        assertEquals("zero", english("cardinal", "0"));
        assertEquals("forty-two", english("cardinal", "42"));
        assertEquals("one thousand two hundred fifty", english("cardinal", "1,250"));
        assertEquals("minus three point one four", english("number", "-3.14"));
        assertEquals("one million one", english("cardinal", "1000001"));
        assertEquals("one two three four five six seven eight nine zero one two three four five six seven eight nine zero "
                + "one two", english("cardinal", "1234567890123456789012"));
    }

    @Test
    void ordinals() throws SayAs.Unreadable {
        assertEquals("first", english("ordinal", "1"));
        assertEquals("twenty-second", english("ordinal", "22nd"));
        assertEquals("one hundredth", english("ordinal", "100"));
        assertEquals("twelfth", english("ordinal", "12th"));
        assertEquals("ninetieth", english("ordinal", "90"));
    }

    @Test
    void dates() throws SayAs.Unreadable {
        assertEquals("November twenty-ninth, twenty twenty-six", SayAs.expand("date", "mdy", "11/29/2026", null));
        assertEquals("November twenty-ninth, twenty twenty-six", SayAs.expand("date", "dmy", "29.11.2026", null));
        assertEquals("March first, two thousand five", SayAs.expand("date", null, "2005-03-01", null));
        assertEquals("nineteen oh five", SayAs.expand("date", "y", "1905", null));
        assertEquals("nineteen hundred", SayAs.expand("date", "y", "1900", null));
        assertEquals("July fourth", SayAs.expand("date", "md", "7/4", null));
        assertEquals("November twenty-ninth, twenty twenty-six", SayAs.expand("date", "yyyymmdd", "2026/11/29", null),
                "Google's formats repeat their letters");
        assertThrows(SayAs.Unreadable.class, () -> SayAs.expand("date", "mdy", "2026-29", null));
        assertThrows(SayAs.Unreadable.class, () -> SayAs.expand("date", "mmy", "1/2/3", null));
    }

    @Test
    void times() throws SayAs.Unreadable {
        assertEquals("ten thirty", english("time", "10:30"));
        assertEquals("nine oh five PM", english("time", "9:05 pm"));
        assertEquals("seven AM", english("time", "7 a.m."));
        assertEquals("fourteen hundred", english("time", "14:00"));
        assertEquals("six o'clock", english("time", "6"));
        assertThrows(SayAs.Unreadable.class, () -> english("time", "25:00"));
        assertThrows(SayAs.Unreadable.class, () -> english("time", "13:00 pm"));
    }

    @Test
    void telephoneAndDigitsAndCharacters() throws SayAs.Unreadable {
        assertEquals("plus four four, two zero, seven nine four six", english("telephone", "+44 (20) 7946"));
        assertEquals("four two", english("digits", "42"));
        assertEquals("ay bee see one", english("characters", "ABC1"));
        assertEquals("el ess", english("spell-out", "ls"));
    }

    @Test
    void otherLanguagesKeepTheEnginesReadingButStillSpell() throws SayAs.Unreadable {
        assertNull(SayAs.expand("cardinal", null, "42", "fr-FR"));
        assertEquals("A B C", SayAs.expand("characters", null, "ABC", "de"));
    }
}
