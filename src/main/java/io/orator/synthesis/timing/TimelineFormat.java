package io.orator.synthesis.timing;

/**
 * The timeline file a job writes beside its audio: JSON lines, written as the job speaks and
 * read back a sentence at a time, so neither side holds a whole job's timestamps. A header line,
 * then each sentence's words followed by the sentence, then an end line with the duration.
 * <pre>
 * {"kind":"timeline","version":1,"speakers":2,"precision":"word"}
 * {"kind":"word","speaker":1,"turn":0,"textStart":0,"textEnd":5,"start":120,"end":480,"text":"Hello"}
 * {"kind":"sentence","speaker":1,"turn":0,"textStart":0,"textEnd":12,"start":120,"end":900,"text":"Hello there.","precision":"word"}
 * {"kind":"mark","name":"intro","turn":0,"at":13,"time":900}
 * {"kind":"end","duration":1450}
 * </pre>
 * Marks stand where the audio reaches them, between sentences' lines. Times are milliseconds from the start of the audio.
 */
final class TimelineFormat {

    static final int VERSION = 1;
    static final String KIND = "kind";
    static final String HEADER = "timeline";
    static final String WORD = "word";
    static final String SENTENCE = "sentence";
    static final String END = "end";
    static final String MARK = "mark";

    static final String VERSION_FIELD = "version";
    static final String PRECISION = "precision";
    static final String SPEAKERS = "speakers";
    static final String SPEAKER = "speaker";
    static final String TURN = "turn";
    static final String TEXT_START = "textStart";
    static final String TEXT_END = "textEnd";
    static final String START = "start";
    static final String END_TIME = "end";
    static final String TEXT = "text";
    static final String DURATION = "duration";
    static final String NAME = "name";
    static final String AT = "at";
    static final String TIME = "time";

    private TimelineFormat() {
    }
}
