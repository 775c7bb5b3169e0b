package io.orator.dispatch;

/** What a job asks to be spoken, as stored: turns and voices as JSON, speed, retention. */
public record JobContent(String turnsJson, String voicesJson, double speed, int retentionHours) {
}
