package io.orator.clients;

/** Fired for every failed login, for the audit log: from where, as whom (may be null), with what. */
public record LoginFailed(String address, String user, String what) {
}
