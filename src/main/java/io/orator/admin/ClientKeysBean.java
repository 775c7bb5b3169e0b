package io.orator.admin;

import io.orator.clients.ApiKey;
import io.orator.clients.ApiKeys;
import io.orator.clients.ClientName;
import io.orator.platform.ProblemException;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/** The {@code orator:type=Clients} MBean: {@link ApiKeys} for a JMX console; its caller is checked by the management interface. */
final class ClientKeysBean implements ClientsMXBean {

    private static final Logger LOG = Logger.getLogger(ClientKeysBean.class.getName());

    private final ApiKeys keys;

    ClientKeysBean(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public String[] getKeys() {
        return keys.list(Optional.empty()).stream().map(ClientKeysBean::line).toArray(String[]::new);
    }

    @Override
    public String createKey(String client, String name) {
        try {
            ApiKeys.IssuedKey issued = keys.create(ClientName.of("client", client), name);
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
            ApiKey revoked = keys.revoke(key);
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
