package io.orator.clients;

/**
 * Who is asking: a client, whose jobs are the only ones it can see, or an operator, who sees
 * every client's jobs. Resolved once per request by {@link Callers}.
 *
 * @param client the client a new job of this caller belongs to
 * @param admin  whether the caller sees every client's jobs
 */
public record Caller(String client, boolean admin) {

    /** The role of the operator's account (HTTP BASIC, see {@link RequestAuthentication}). */
    public static final String ADMIN_ROLE = "orator-admin";
    /** The role of a caller that presented an API key or a token. */
    public static final String CLIENT_ROLE = "orator-client";

    /**
     * The client of anonymous requests from the server's own machine, which the zero-setup mode
     * accepts (see {@link AnonymousAccess}).
     */
    public static final Caller LOCAL = new Caller("local", false);

    public static Caller client(String client) {
        return new Caller(client, false);
    }

    /** An operator; new jobs it submits belong to the client named after its account. */
    public static Caller operator(String account) {
        return new Caller(account, true);
    }

    /** True when this caller may see, cancel or delete a job of {@code owner}. */
    public boolean sees(String owner) {
        return admin || client.equals(owner);
    }
}
