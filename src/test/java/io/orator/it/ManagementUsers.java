package io.orator.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * Management users in Orator's groups, added to the server's management realm for one test
 * class and removed after it, so the provisioned server never ships with them.
 */
class ManagementUsers implements ServerSetupTask {

    /** In group orator-admin: may invoke Orator's JMX operations. */
    static final String OPERATOR = "it-jmx-operator";
    /** In group orator-monitor: may read Orator's MBeans only. */
    static final String MONITOR = "it-jmx-monitor";
    /** In no group: a management user that no role mapping names. */
    static final String OUTSIDER = "it-jmx-outsider";
    static final String PASSWORD = "it-only-Jmx-7";

    private static final String REALM = "ManagementRealm";
    private static final Map<String, String> GROUPS = Map.of(
            OPERATOR, "orator-admin",
            MONITOR, "orator-monitor",
            OUTSIDER, "");
    private static final ModelNode REALM_ADDRESS =
            Operations.createAddress("subsystem", "elytron", "properties-realm", REALM);

    @Override
    public void setup(ManagementClient client, String containerId) throws Exception {
        Path config = configDir(client);
        removeUsers(config);
        StringBuilder users = new StringBuilder();
        StringBuilder groups = new StringBuilder();
        GROUPS.forEach((user, group) -> {
            users.append(user).append('=').append(digest(user)).append('\n');
            if (!group.isEmpty()) {
                groups.append(user).append('=').append(group).append('\n');
            }
        });
        append(config.resolve("mgmt-users.properties"), users);
        append(config.resolve("mgmt-groups.properties"), groups);
        reloadRealm(client);
    }

    @Override
    public void tearDown(ManagementClient client, String containerId) throws Exception {
        removeUsers(configDir(client));
        reloadRealm(client);
    }

    private Path configDir(ManagementClient client) throws IOException {
        ModelNode read = Operations.createReadAttributeOperation(
                Operations.createAddress("core-service", "server-environment"), "config-dir");
        return Path.of(executeOperation(client, read).asString());
    }

    /** Loads the files now rather than relying on the realm to notice that they changed. */
    private void reloadRealm(ManagementClient client) throws IOException {
        executeOperation(client, Operations.createOperation("load", REALM_ADDRESS));
    }

    /** The realm's stored form: the hex MD5 of user:realm:password, as add-user.sh writes it. */
    private static String digest(String user) {
        try {
            byte[] hash = MessageDigest.getInstance("MD5")
                    .digest((user + ':' + REALM + ':' + PASSWORD).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void append(Path file, CharSequence lines) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String separator = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
        Files.writeString(file, text + separator + lines, StandardCharsets.UTF_8);
    }

    /** Also clears users left behind by a run that stopped before its tear-down. */
    private static void removeUsers(Path config) throws IOException {
        for (String name : List.of("mgmt-users.properties", "mgmt-groups.properties")) {
            Path file = config.resolve(name);
            List<String> kept = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> GROUPS.keySet().stream().noneMatch(user -> line.startsWith(user + '=')))
                    .toList();
            Files.write(file, kept, StandardCharsets.UTF_8);
        }
    }
}
