package io.orator.admin;

/** {@code orator:type=Clients}: clients' API keys, for operators who work in a JMX console. */
public interface ClientsMXBean {
    /** Every key, newest first: "id prefix… client "name" ACTIVE|REVOKED". */
    String[] getKeys();

    /** Creates a key for {@code client} and answers its secret: the only time it is shown. */
    String createKey(String client, String name);

    /** Revokes a key by id; answers its status after. */
    String revokeKey(String id);
}
