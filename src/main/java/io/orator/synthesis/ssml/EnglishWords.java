package io.orator.synthesis.ssml;

import java.math.BigInteger;

/**
 * Numbers as English words, for {@code <say-as>}: "1,250" as "one thousand two hundred fifty",
 * "21" as an ordinal "twenty-first", 1999 as a year "nineteen ninety-nine".
 */
final class EnglishWords {

    private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
            "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
            "ninety"};
    private static final String[] SCALES = {"", "thousand", "million", "billion", "trillion", "quadrillion",
            "quintillion"};
    static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"};
    private static final BigInteger THOUSAND = BigInteger.valueOf(1000);

    private EnglishWords() {
    }

    /** A whole number of up to 21 digits, or {@code null} when longer (read digit by digit instead). */
    static String cardinal(BigInteger number) {
        if (number.signum() < 0) {
            String rest = cardinal(number.negate());
            return rest == null ? null : "minus " + rest;
        }
        if (number.signum() == 0) {
            return ONES[0];
        }
        if (number.bitLength() > 70) {
            return null;
        }
        StringBuilder words = new StringBuilder();
        int scale = 0;
        while (number.signum() > 0) {
            BigInteger[] split = number.divideAndRemainder(THOUSAND);
            int group = split[1].intValue();
            if (group > 0) {
                String part = belowThousand(group) + (SCALES[scale].isEmpty() ? "" : " " + SCALES[scale]);
                words.insert(0, words.length() == 0 ? part : part + " ");
            }
            number = split[0];
            scale++;
        }
        return words.toString();
    }

    static String cardinal(long number) {
        return cardinal(BigInteger.valueOf(number));
    }

    /** "first", "twenty-second", "one hundredth". */
    static String ordinal(long number) {
        String cardinal = cardinal(number);
        int cut = Math.max(cardinal.lastIndexOf(' '), cardinal.lastIndexOf('-')) + 1;
        String last = cardinal.substring(cut);
        return cardinal.substring(0, cut) + switch (last) {
            case "one" -> "first";
            case "two" -> "second";
            case "three" -> "third";
            case "five" -> "fifth";
            case "eight" -> "eighth";
            case "nine" -> "ninth";
            case "twelve" -> "twelfth";
            default -> last.endsWith("y") ? last.substring(0, last.length() - 1) + "ieth" : last + "th";
        };
    }

    /** A year as people say it: "nineteen ninety-nine", "two thousand five", "twenty twenty-six". */
    static String year(int year) {
        if (year < 1000 || year > 9999 || year % 1000 < 10) {
            return cardinal(year);
        }
        int century = year / 100;
        int rest = year % 100;
        if (rest == 0) {
            return cardinal(century) + " hundred";
        }
        return cardinal(century) + (rest < 10 ? " oh " : " ") + cardinal(rest);
    }

    /** Each digit as a word: "four two". */
    static String digits(CharSequence digits) {
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c >= '0' && c <= '9') {
                if (words.length() > 0) {
                    words.append(' ');
                }
                words.append(ONES[c - '0']);
            }
        }
        return words.toString();
    }

    private static String belowThousand(int number) {
        StringBuilder words = new StringBuilder();
        if (number >= 100) {
            words.append(ONES[number / 100]).append(" hundred");
            number %= 100;
            if (number > 0) {
                words.append(' ');
            }
        }
        if (number >= 20) {
            words.append(TENS[number / 10]);
            if (number % 10 > 0) {
                words.append('-').append(ONES[number % 10]);
            }
        } else if (number > 0) {
            words.append(ONES[number]);
        }
        return words.toString();
    }
}
