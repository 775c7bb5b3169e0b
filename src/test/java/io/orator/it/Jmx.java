package io.orator.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** JMX connections to the server under test, the way JConsole connects: remote+http on the management port. */
final class Jmx {

    static final String URL = "service:jmx:remote+http://127.0.0.1:"
            + Api.MANAGEMENT.substring(Api.MANAGEMENT.lastIndexOf(':') + 1);

    private Jmx() {
    }

    /** As a local user of the server's machine (WildFly's silent local authentication). */
    static JMXConnector connectLocal() {
        return connect(Map.of());
    }

    /**
     * With a user name and password only: local authentication is switched off for this client
     * (a process-wide setting of the JMX client, set only around the connect).
     */
    static JMXConnector connectAs(String user, String password) {
        String key = "org.jboss.remoting-jmx.excluded-sasl-mechanisms";
        System.setProperty(key, "JBOSS-LOCAL-USER");
        try {
            return connect(Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
        } finally {
            System.clearProperty(key);
        }
    }

    private static JMXConnector connect(Map<String, ?> environment) {
        try {
            return JMXConnectorFactory.connect(new JMXServiceURL(URL), environment);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
