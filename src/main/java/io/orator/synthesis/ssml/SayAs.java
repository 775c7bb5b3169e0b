package io.orator.synthesis.ssml;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code <say-as>} makes of its text, in English: spelled-out characters, cardinal and
 * ordinal numbers, digits, dates and telephone numbers as words. In other languages the
 * engine's own reading of the text (espeak-ng knows the numbers of its languages) is kept,
 * except that characters are still spelled one by one.
 */
final class SayAs {

    static final Set<String> KINDS = Set.of("characters", "spell-out", "letters", "cardinal", "number", "ordinal",
            "digits", "date", "time", "telephone");

    private static final Pattern NUMBER = Pattern.compile("([+-]?)(\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(\\d+))?");
    private static final Pattern ORDINAL = Pattern.compile("(\\d{1,3}(?:,\\d{3})*|\\d+)(?:st|nd|rd|th|\\.)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE_PARTS = Pattern.compile("\\d+");
    private static final Pattern DATE_FORMAT = Pattern.compile("[dmy]{1,3}");
    /** A letter repeated, as Google's formats write them ({@code yyyymmdd}). */
    private static final Pattern REPEATED = Pattern.compile("(.)\\1+");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2})(?::(\\d{2}))?(?::\\d{2})?\\s*([ap])?\\.?\\s*(m\\.?)?",
            Pattern.CASE_INSENSITIVE);
    private static final String[] LETTERS = {"ay", "bee", "see", "dee", "ee", "eff", "jee", "aitch", "eye", "jay",
            "kay", "el", "em", "en", "oh", "pee", "cue", "ar", "ess", "tee", "you", "vee", "double you", "ex", "why",
            "zee"};

    private SayAs() {
    }

    /** Thrown with a sentence saying why the text cannot be read as asked. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    /**
     * The words to say for {@code text}, or {@code null} to say it as written.
     *
     * @param kind     {@code interpret-as}, one of {@link #KINDS}
     * @param format   {@code format}, for dates ({@code mdy}, {@code dmy}, {@code ymd}, ...); may be null
     * @param language the BCP 47 language of the text, or null for English
     */
    static String expand(String kind, String format, String text, String language) throws Unreadable {
        boolean english = language == null || language.toLowerCase(Locale.ROOT).startsWith("en");
        return switch (kind) {
            case "characters", "spell-out", "letters" -> characters(text, english);
            case "cardinal", "number" -> english ? cardinal(text) : null;
            case "ordinal" -> english ? ordinal(text) : null;
            case "digits" -> english ? nonEmpty(EnglishWords.digits(text), text, "digits") : spaced(text);
            case "date" -> english ? date(text, format) : null;
            case "time" -> english ? time(text) : null;
            case "telephone" -> english ? telephone(text) : spaced(text);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static String characters(String text, boolean english) {
        List<String> said = new ArrayList<>();
        text.codePoints().filter(cp -> !Character.isWhitespace(cp)).forEach(cp -> {
            char lower = Character.toLowerCase((char) cp);
            if (english && cp < 128 && lower >= 'a' && lower <= 'z') {
                said.add(LETTERS[lower - 'a']);
            } else if (english && cp >= '0' && cp <= '9') {
                said.add(EnglishWords.digits(String.valueOf((char) cp)));
            } else {
                said.add(new String(Character.toChars(cp)));
            }
        });
        return String.join(" ", said);
    }

    private static String spaced(String text) {
        return characters(text, false);
    }

    private static String cardinal(String text) throws Unreadable {
        Matcher number = NUMBER.matcher(text.strip());
        if (!number.matches()) {
            throw new Unreadable("'" + text + "' is not a number");
        }
        String whole = EnglishWords.cardinal(new BigInteger(number.group(2).replace(",", "")));
        if (whole == null) {
            whole = EnglishWords.digits(number.group(2));
        }
        StringBuilder words = new StringBuilder();
        if ("-".equals(number.group(1))) {
            words.append("minus ");
        } else if ("+".equals(number.group(1))) {
            words.append("plus ");
        }
        words.append(whole);
        if (number.group(3) != null) {
            words.append(" point ").append(EnglishWords.digits(number.group(3)));
        }
        return words.toString();
    }

    private static String ordinal(String text) throws Unreadable {
        Matcher number = ORDINAL.matcher(text.strip());
        if (!number.matches()) {
            throw new Unreadable("'" + text + "' is not an ordinal number");
        }
        String digits = number.group(1).replace(",", "");
        if (digits.length() > 18) {
            throw new Unreadable("'" + text + "' is too long an ordinal number");
        }
        return EnglishWords.ordinal(Long.parseLong(digits));
    }

    /**
     * A date of numbers in the order {@code format} gives ({@code mdy} when absent): "11/29/2026"
     * as "November twenty-ninth, twenty twenty-six". ISO dates ({@code 2026-11-29}) are read as
     * {@code ymd} whatever the format.
     */
    private static String date(String text, String format) throws Unreadable {
        List<Integer> parts = new ArrayList<>();
        Matcher digits = DATE_PARTS.matcher(text);
        while (digits.find()) {
            if (digits.group().length() > 4) {
                throw new Unreadable("'" + text + "' is not a date");
            }
            parts.add(Integer.parseInt(digits.group()));
        }
        String order = format == null ? "" : REPEATED.matcher(format.toLowerCase(Locale.ROOT).strip()).replaceAll("$1");
        if (text.strip().matches("\\d{4}-\\d{1,2}-\\d{1,2}")) {
            order = "ymd";
        } else if (order.isEmpty()) {
            order = parts.size() == 3 ? "mdy" : parts.size() == 2 ? "md" : "y";
        }
        if (!DATE_FORMAT.matcher(order).matches() || order.chars().distinct().count() != order.length()) {
            throw new Unreadable("date format '" + format + "' is not one of mdy, dmy, ymd, md, dm, ym, my, y, m, d");
        }
        if (parts.size() != order.length()) {
            throw new Unreadable("'" + text + "' does not have the " + order.length() + " parts of format " + order);
        }
        Integer day = null;
        Integer month = null;
        Integer year = null;
        for (int i = 0; i < order.length(); i++) {
            switch (order.charAt(i)) {
                case 'd' -> day = parts.get(i);
                case 'm' -> month = parts.get(i);
                default -> year = parts.get(i);
            }
        }
        if (month != null && (month < 1 || month > 12) || day != null && (day < 1 || day > 31)) {
            throw new Unreadable("'" + text + "' is not a date in the format " + order);
        }
        StringBuilder words = new StringBuilder();
        if (month != null) {
            words.append(EnglishWords.MONTHS[month - 1]);
        }
        if (day != null) {
            words.append(words.length() > 0 ? " " : "the ").append(EnglishWords.ordinal(day));
            if (month == null) {
                words.append(" of the month");
            }
        }
        if (year != null) {
            words.append(words.length() > 0 ? ", " : "").append(EnglishWords.year(year));
        }
        return words.toString();
    }

    /** A clock time as people say it: "10:30" as "ten thirty", "9:05 pm" as "nine oh five PM", "14:00" as "fourteen hundred". */
    private static String time(String text) throws Unreadable {
        Matcher time = TIME.matcher(text.strip());
        if (!time.matches()) {
            throw new Unreadable("'" + text + "' is not a time such as 10:30 or 9:05 pm");
        }
        int hours = Integer.parseInt(time.group(1));
        int minutes = time.group(2) == null ? 0 : Integer.parseInt(time.group(2));
        boolean twelveHour = time.group(3) != null;
        if (hours > (twelveHour ? 12 : 23) || minutes > 59 || twelveHour && hours == 0) {
            throw new Unreadable("'" + text + "' is not a time of day");
        }
        StringBuilder words = new StringBuilder(EnglishWords.cardinal(hours));
        if (minutes == 0) {
            words.append(twelveHour || time.group(2) == null ? (twelveHour ? "" : " o'clock") : " hundred");
        } else {
            words.append(minutes < 10 ? " oh " : " ").append(EnglishWords.cardinal(minutes));
        }
        if (twelveHour) {
            words.append(time.group(3).equalsIgnoreCase("a") ? " AM" : " PM");
        }
        return words.toString();
    }

    /** Digit by digit, the groups as written kept apart by commas: "+1 555-0100" as "plus one, five five five, ...". */
    private static String telephone(String text) throws Unreadable {
        List<String> groups = new ArrayList<>();
        StringBuilder group = new StringBuilder();
        boolean plus = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                group.append(c);
            } else if (c == '+' && groups.isEmpty() && group.length() == 0) {
                plus = true;
            } else if (group.length() > 0) {
                groups.add(EnglishWords.digits(group));
                group.setLength(0);
            }
        }
        if (group.length() > 0) {
            groups.add(EnglishWords.digits(group));
        }
        if (groups.isEmpty()) {
            throw new Unreadable("'" + text + "' has no digits to read as a telephone number");
        }
        return (plus ? "plus " : "") + String.join(", ", groups);
    }

    private static String nonEmpty(String words, String text, String kind) throws Unreadable {
        if (words.isEmpty()) {
            throw new Unreadable("'" + text + "' has no " + kind);
        }
        return words;
    }
}
