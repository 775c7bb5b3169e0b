package io.orator.admin;

import io.orator.clients.ApiKey;
import io.orator.clients.ApiKeys;
import io.orator.clients.ClientName;
import io.orator.platform.ProblemException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Logger;

/** The {@code orator:type=Clients} MBean: {@link ApiKeys} for a JMX console; its caller is checked by the management interface. */
final class ClientKeysBean implements ClientsMXBean {

    private static final Logger LOG = Logger.getLogger(ClientKeysBean.class.getName());

    /** Runs an operation and writes its audit event. */
    interface Audit {
        <T> T audited(String action, String target, Supplier<T> operation);
    }

    private final ApiKeys keys;
    private final Audit audit;

    ClientKeysBean(ApiKeys keys, Audit audit) {
        this.keys = keys;
        this.audit = audit;
    }

    @Override
    public String[] getKeys() {
        return keys.list(Optional.empty()).stream().map(ClientKeysBean::line).toArray(String[]::new);
    }

    @Override
    public String createKey(String client, String name) {
        try {
            ClientName owner = ClientName.of("client", client);
            ApiKeys.IssuedKey issued = keys.create(owner, name);
            audit.audited("key.create", issued.key().getId().toString(), () -> issued);
            LOG.info(() -> "API key " + issued.key().getPrefix() + "… created through JMX for client " + client);
            return issued.secret().value();
        } catch (ProblemException invalid) {
            throw new IllegalArgumentException(invalid.getMessage());
        }
    }

    @Override
    public String revokeKey(String id) {
        UUID key;
        try {
            key = UUID.fromString(id.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a key id: " + id);
        }
        try {
            ApiKey revoked = audit.audited("key.revoke", key.toString(), () -> keys.revoke(key));
            LOG.info(() -> "API key " + revoked.getPrefix() + "… revoked through JMX");
            return revoked.isRevoked() ? "REVOKED" : "ACTIVE";
        } catch (ProblemException unknown) {
            throw new IllegalArgumentException(unknown.getMessage());
        }
    }

    private static String line(ApiKey key) {
        return key.getId() + " " + key.getPrefix() + "… " + key.getClient() + " \"" + key.getName() + "\" "
                + (key.isRevoked() ? "REVOKED" : "ACTIVE");
    }
}
