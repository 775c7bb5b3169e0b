package io.orator.synthesis.ssml;

import io.orator.synthesis.Delivery;
import io.orator.synthesis.Markup;
import io.orator.synthesis.ScriptParser;
import io.orator.synthesis.ScriptRejectedException;
import io.orator.synthesis.ScriptViolation;
import io.orator.synthesis.Turn;
import java.io.StringReader;
import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads SSML ({@code <speak>} documents) into turns: the text a reader sees, with its
 * {@link Markup}. The subset the commercial APIs share is understood: {@code speak}, {@code p},
 * {@code s}, {@code break}, {@code prosody}, {@code emphasis}, {@code sub}, {@code say-as},
 * {@code phoneme}, {@code lang}, {@code voice} and {@code mark}; any other element is refused
 * with where it stands. {@code <voice name>} names a speaker ({@code Speaker 2}) or a voice of
 * the server; a voice the job has no speaker for gets a free one ({@link #castVoices}).
 * <p>
 * The JDK's own StAX parser reads the document with DTDs and external entities off, and a
 * DOCTYPE is refused outright, so neither external entities nor entity expansion can reach
 * anything; size and nesting are bounded.
 */
public final class SsmlParser {

    /** Where elements may nest no deeper. */
    public static final int MAX_DEPTH = 32;
    /** Elements one request may hold, all documents together. */
    public static final int MAX_ELEMENTS = 20_000;
    private static final int MAX_MARK_NAME = 200;
    private static final String SSML_NAMESPACE = "http://www.w3.org/2001/10/synthesis";
    private static final Pattern SPEAKER = Pattern.compile("speaker\\s*[-_ ]?\\s*(\\d{1,9})", Pattern.CASE_INSENSITIVE);
    /** {@code w} (Polly) and {@code token} (SSML 1.1) mark a word: accepted, spoken as written. */
    private static final Set<String> ELEMENTS = Set.of("speak", "p", "s", "break", "prosody", "emphasis", "sub",
            "say-as", "phoneme", "lang", "voice", "mark", "w", "token");

    /** How {@code <voice name>} is mapped. */
    public interface Voices {

        /** The speaker the request already gives this voice id, if any. */
        OptionalInt speakerWith(String voiceId);

        /** Whether the server has a voice with this id. */
        boolean exists(String voiceId);
    }

    /** The turns of every document read, with the voices {@code <voice name>} added to the job. */
    public record Cast(List<Turn> turns, Map<Integer, String> voices) {
    }

    private final int maxSpeakers;
    private final int maxCharacters;
    private final Voices voices;
    /** Voices named by id that no speaker has yet, by the stand-in speaker number (negative) their turns carry. */
    private final Map<String, Integer> newVoices = new LinkedHashMap<>();
    private int elements;

    /**
     * @param maxSpeakers   speakers a job may have
     * @param maxCharacters the longest document, in characters of markup and text
     */
    public SsmlParser(int maxSpeakers, int maxCharacters, Voices voices) {
        this.maxSpeakers = maxSpeakers;
        this.maxCharacters = maxCharacters;
        this.voices = voices;
    }

    /**
     * Reads one document.
     *
     * @param field   the request field it came in, for errors ({@code ssml}, {@code turns[2].ssml})
     * @param speaker who speaks outside any {@code <voice>}
     * @throws SsmlException          when it is not well-formed or not speakable, with line and column
     * @throws ScriptRejectedException {@code TOO_LARGE} when it is over a size limit
     */
    public List<Turn> parse(String field, String ssml, int speaker) {
        if (ssml == null || ssml.isBlank()) {
            throw new ScriptRejectedException(ScriptRejectedException.Kind.INVALID,
                    List.of(new ScriptViolation(field, field + " is empty")));
        }
        if (ssml.length() > maxCharacters) {
            throw new ScriptRejectedException(ScriptRejectedException.Kind.TOO_LARGE, List.of(new ScriptViolation(field,
                    String.format(Locale.ROOT, "the SSML has %,d characters; the limit is %,d", ssml.length(), maxCharacters))));
        }
        Document document = new Document(field, speaker);
        XMLStreamReader reader = null;
        try {
            reader = factory().createXMLStreamReader(new StringReader(ssml));
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.DTD -> throw document.fault(reader.getLocation(),
                            "a DOCTYPE is not allowed in SSML");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw document.fault(reader.getLocation(),
                            "the entity &" + reader.getLocalName() + "; is not defined");
                    case XMLStreamConstants.START_ELEMENT -> document.start(reader);
                    case XMLStreamConstants.END_ELEMENT -> document.end(reader.getLocation());
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            document.text(reader.getText(), reader.getLocation());
                    default -> {
                        // Comments, processing instructions and the document's start and end say nothing to speak.
                    }
                }
            }
        } catch (XMLStreamException e) {
            Location at = e.getLocation();
            throw new SsmlException(field, at == null ? 1 : Math.max(1, at.getLineNumber()),
                    at == null ? 1 : Math.max(1, at.getColumnNumber()), parserMessage(e));
        } finally {
            close(reader);
        }
        return document.finish();
    }

    /**
     * Gives each voice named by id in the documents read a speaker number of its own: one that no
     * turn and no {@code reserved} speaker (those the request gives voices) has.
     *
     * @throws ScriptRejectedException when there are more voices than speakers allowed
     */
    public Cast castVoices(List<Turn> turns, Set<Integer> reserved, String field) {
        Set<Integer> taken = new HashSet<>(reserved);
        turns.stream().filter(t -> t.speaker() > 0).forEach(t -> taken.add(t.speaker()));
        Map<Integer, Integer> numbers = new HashMap<>();
        Map<Integer, String> added = new LinkedHashMap<>();
        for (var voice : newVoices.entrySet()) {
            int free = 1;
            while (taken.contains(free)) {
                free++;
            }
            if (free > maxSpeakers) {
                throw new ScriptRejectedException(ScriptRejectedException.Kind.INVALID, List.of(new ScriptViolation(field,
                        "the voices named in SSML and the script's speakers are more than the "
                                + maxSpeakers + " speakers a job may have")));
            }
            taken.add(free);
            numbers.put(voice.getValue(), free);
            added.put(free, voice.getKey());
        }
        List<Turn> cast = turns.stream().map(t -> t.speaker() > 0 ? t
                : new Turn(numbers.get(t.speaker()), t.text(), t.markup())).toList();
        return new Cast(cast, added);
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_VALIDATING, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return factory;
    }

    /** The JDK prefixes its messages with the position, given separately here. */
    private static String parserMessage(XMLStreamException e) {
        String message = e.getMessage() == null ? "the document is not well-formed XML" : e.getMessage();
        int cut = message.indexOf("Message: ");
        return cut < 0 ? message : message.substring(cut + "Message: ".length()).strip();
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // Nothing is held open for a string.
            }
        }
    }

    /** What an open element means for what is inside it. */
    private record Frame(String name, Delivery delivery, int speaker, StringBuilder sayText, Say say) {
    }

    /** An open {@code <sub>}, {@code <say-as>} or {@code <phoneme>}: what to make of its text at its end. */
    private record Say(String alias, String interpretAs, String format, String ipa, Location at) {
    }

    /** One document being read: the turns so far and the one being written. */
    private final class Document {
        private final String field;
        private final Deque<Frame> open = new ArrayDeque<>();
        private final List<Turn> turns = new ArrayList<>();
        private TurnText current;

        Document(String field, int speaker) {
            this.field = field;
            this.current = new TurnText(speaker);
        }

        void start(XMLStreamReader reader) {
            Location at = reader.getLocation();
            String name = reader.getLocalName();
            String namespace = reader.getNamespaceURI();
            if (++elements > MAX_ELEMENTS) {
                throw new ScriptRejectedException(ScriptRejectedException.Kind.TOO_LARGE, List.of(new ScriptViolation(field,
                        String.format(Locale.ROOT, "the SSML has more than %,d elements", MAX_ELEMENTS))));
            }
            if (!ELEMENTS.contains(name) || namespace != null && !namespace.isEmpty() && !SSML_NAMESPACE.equals(namespace)) {
                throw fault(at, "<" + qualified(reader) + "> is not supported; Orator understands "
                        + "speak, p, s, break, prosody, emphasis, sub, say-as, phoneme, lang, voice, mark, w and token");
            }
            if (open.isEmpty() != name.equals("speak")) {
                throw fault(at, open.isEmpty() ? "an SSML document's root element must be <speak>, not <" + name + ">"
                        : "<speak> may only be the root element");
            }
            if (open.size() >= MAX_DEPTH) {
                throw fault(at, "elements nest more than " + MAX_DEPTH + " deep");
            }
            Frame parent = open.peek();
            if (parent != null && parent.sayText() != null) {
                throw fault(at, "<" + parent.name() + "> may contain only text, not <" + name + ">");
            }
            Delivery delivery = parent == null ? Delivery.PLAIN : parent.delivery();
            int speaker = parent == null ? current.speaker : parent.speaker();
            String language = reader.getAttributeValue(XMLConstants.XML_NS_URI, "lang");
            if (language != null) {
                delivery = withLanguage(delivery, language(language, at));
            } else if (name.equals("lang")) {
                throw fault(at, "<lang> needs an xml:lang attribute");
            }
            StringBuilder sayText = null;
            Say say = null;
            switch (name) {
                case "p", "s" -> current.boundary(name.equals("p"));
                case "break" -> current.pause(breakMillis(reader, at));
                case "mark" -> current.mark(markName(reader, at));
                case "prosody" -> delivery = prosody(reader, delivery, at);
                case "emphasis" -> delivery = emphasis(reader, delivery, at);
                case "voice" -> {
                    String voice = reader.getAttributeValue(null, "name");
                    if (voice != null) {
                        speaker = speakerFor(voice.strip(), at);
                    }
                    current.breakWords();
                }
                case "sub" -> {
                    String alias = reader.getAttributeValue(null, "alias");
                    if (alias == null || ScriptParser.normalize(alias).isEmpty()) {
                        throw fault(at, "<sub> needs an alias attribute to say");
                    }
                    say = new Say(ScriptParser.normalize(alias), null, null, null, at);
                }
                case "say-as" -> {
                    String kind = attribute(reader, "interpret-as");
                    if (kind == null || !SayAs.KINDS.contains(kind.toLowerCase(Locale.ROOT))) {
                        throw fault(at, "<say-as> interpret-as must be one of characters, spell-out, cardinal, number, "
                                + "ordinal, digits, date, time or telephone" + (kind == null ? "" : ", not '" + kind + "'"));
                    }
                    say = new Say(null, kind.toLowerCase(Locale.ROOT), attribute(reader, "format"), null, at);
                }
                case "phoneme" -> {
                    String alphabet = attribute(reader, "alphabet");
                    boolean xSampa = alphabet != null && alphabet.equalsIgnoreCase("x-sampa");
                    if (alphabet != null && !alphabet.equalsIgnoreCase("ipa") && !xSampa) {
                        throw fault(at, "<phoneme> alphabet '" + alphabet + "' is not supported; use ipa or x-sampa");
                    }
                    String ph = reader.getAttributeValue(null, "ph");
                    if (ph == null || ph.isBlank()) {
                        throw fault(at, "<phoneme> needs a ph attribute with the phonemes to say");
                    }
                    String ipa = xSampa ? XSampa.toIpa(ph.strip()) : ph.strip();
                    say = new Say(null, null, null, Normalizer.normalize(ipa, Normalizer.Form.NFC), at);
                }
                default -> {
                    // speak and lang: nothing beyond the language taken above.
                }
            }
            if (say != null) {
                sayText = new StringBuilder();
            }
            if (speaker != current.speaker) {
                switchSpeaker(speaker);
            }
            open.push(new Frame(name, delivery, speaker, sayText, say));
        }

        void end(Location at) {
            Frame frame = open.pop();
            switch (frame.name()) {
                case "p", "s" -> current.boundary(frame.name().equals("p"));
                case "voice" -> current.breakWords();
                case "sub", "say-as", "phoneme" -> say(frame, at);
                default -> {
                    // Nothing ends with the others.
                }
            }
            Frame parent = open.peek();
            if (parent != null && parent.speaker() != current.speaker) {
                switchSpeaker(parent.speaker());
            }
        }

        void text(String text, Location at) {
            Frame frame = open.peek();
            if (frame == null) {
                return;
            }
            checkCharacters(text, at);
            if (frame.sayText() != null) {
                frame.sayText().append(text);
            } else if (frame.name().equals("break") || frame.name().equals("mark")) {
                if (!text.isBlank()) {
                    throw fault(at, "<" + frame.name() + "> must be empty");
                }
            } else {
                current.append(text, frame.delivery());
            }
        }

        private void say(Frame frame, Location at) {
            String written = ScriptParser.normalize(frame.sayText().toString());
            Say say = frame.say();
            if (written.isEmpty()) {
                throw fault(say.at(), "<" + frame.name() + "> must contain the written text it stands for");
            }
            String spoken = say.alias();
            if (say.interpretAs() != null) {
                try {
                    spoken = SayAs.expand(say.interpretAs(), say.format(), written, frame.delivery().language());
                } catch (SayAs.Unreadable e) {
                    throw fault(say.at(), "<say-as interpret-as=\"" + say.interpretAs() + "\">: " + e.getMessage());
                }
            }
            current.said(written, spoken, say.ipa(), frame.delivery());
        }

        private void switchSpeaker(int speaker) {
            if (current.hasText()) {
                turns.add(current.toTurn());
                current = new TurnText(speaker);
            } else {
                current.speaker = speaker;
            }
        }

        List<Turn> finish() {
            Turn last = current.toTurn();
            if (!last.text().isEmpty() || turns.isEmpty()) {
                turns.add(last);
            } else if (!last.markupOrNone().isEmpty()) {
                // Breaks and marks after the last words belong at the end of the last turn.
                Turn before = turns.remove(turns.size() - 1);
                turns.add(TurnText.append(before, last.markupOrNone()));
            }
            return turns;
        }

        private int speakerFor(String name, Location at) {
            Matcher speaker = SPEAKER.matcher(name);
            if (speaker.matches()) {
                int number = Integer.parseInt(speaker.group(1));
                if (number < 1 || number > maxSpeakers) {
                    throw fault(at, "speaker " + number + " is out of range 1.." + maxSpeakers);
                }
                return number;
            }
            OptionalInt requested = voices.speakerWith(name);
            if (requested.isPresent()) {
                return requested.getAsInt();
            }
            if (!voices.exists(name)) {
                throw fault(at, "unknown voice '" + name + "': name a speaker (\"Speaker 2\") or a voice id "
                        + "from GET /api/v1/voices");
            }
            return newVoices.computeIfAbsent(name, n -> -(newVoices.size() + 1));
        }

        private int breakMillis(XMLStreamReader reader, Location at) {
            try {
                return SsmlValues.breakMillis(attribute(reader, "time"), attribute(reader, "strength"));
            } catch (IllegalArgumentException bad) {
                throw fault(at, bad.getMessage());
            }
        }

        private String markName(XMLStreamReader reader, Location at) {
            String name = attribute(reader, "name");
            if (name == null || name.isBlank() || name.length() > MAX_MARK_NAME) {
                throw fault(at, "<mark> needs a name of 1 to " + MAX_MARK_NAME + " characters");
            }
            return name;
        }

        /** Nested prosody multiplies rate and pitch and adds volume. */
        private Delivery prosody(XMLStreamReader reader, Delivery delivery, Location at) {
            try {
                String rate = attribute(reader, "rate");
                String pitch = attribute(reader, "pitch");
                String volume = attribute(reader, "volume");
                return new Delivery(delivery.rate() * (rate == null ? 1 : SsmlValues.rate(rate)),
                        delivery.pitch() * (pitch == null ? 1 : SsmlValues.pitch(pitch)),
                        SsmlValues.clampVolume(delivery.volumeDb() + (volume == null ? 0 : SsmlValues.volumeDb(volume))),
                        delivery.language());
            } catch (IllegalArgumentException bad) {
                throw fault(at, bad.getMessage());
            }
        }

        private Delivery emphasis(XMLStreamReader reader, Delivery delivery, Location at) {
            try {
                return SsmlValues.emphasis(attribute(reader, "level"), delivery);
            } catch (IllegalArgumentException bad) {
                throw fault(at, bad.getMessage());
            }
        }

        private String language(String tag, Location at) {
            try {
                return SsmlValues.language(tag);
            } catch (IllegalArgumentException bad) {
                throw fault(at, bad.getMessage());
            }
        }

        private Delivery withLanguage(Delivery delivery, String language) {
            return new Delivery(delivery.rate(), delivery.pitch(), delivery.volumeDb(), language);
        }

        /** The characters a script may not hold, a script's rules ({@link ScriptParser#forbidden}). */
        private void checkCharacters(String text, Location at) {
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                String what = ScriptParser.forbidden(cp);
                if (what != null) {
                    throw fault(at, "the text contains " + what + ScriptParser.hintFor(cp));
                }
                i += Character.charCount(cp);
            }
        }

        SsmlException fault(Location at, String message) {
            return new SsmlException(field, at == null ? 1 : Math.max(1, at.getLineNumber()),
                    at == null ? 1 : Math.max(1, at.getColumnNumber()), message);
        }
    }

    private static String attribute(XMLStreamReader reader, String name) {
        return reader.getAttributeValue(null, name);
    }

    private static String qualified(XMLStreamReader reader) {
        String prefix = reader.getPrefix();
        return prefix == null || prefix.isEmpty() ? reader.getLocalName() : prefix + ":" + reader.getLocalName();
    }
}
