package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.management.JMRuntimeException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.security.sasl.SaslException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * Orator's MBeans through a real JMX connection to the management interface, as JConsole makes it,
 * as a local user and as management users in and outside Orator's groups.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(ManagementUsers.class)
class JmxIT {

    static final Set<String> TYPES = Set.of("Dispatch", "Jobs", "Engine", "Storage", "Memory", "Clients");

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    @Test
    void everyMBeanIsRegisteredOnceUnderTheOratorDomain() throws Exception {
        try (JMXConnector jmx = Jmx.connectLocal()) {
            Set<ObjectName> names = jmx.getMBeanServerConnection().queryNames(new ObjectName("orator:*"), null);
            assertEquals(TYPES.size(), names.size(), names.toString());
            for (String type : TYPES) {
                assertTrue(names.contains(new ObjectName("orator:type=" + type)), type);
            }
        }
    }

    @Test
    void attributesShowQueueJobsEngineStorageAndMemory() throws Exception {
        String id = Api.submit("{\"script\": \"Speaker 1: Watched through JMX.\"}");
        Api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED");
        try (JMXConnector jmx = Jmx.connectLocal()) {
            MBeanServerConnection server = jmx.getMBeanServerConnection();
            ObjectName dispatch = new ObjectName("orator:type=Dispatch");
            assertEquals(0L, server.getAttribute(dispatch, "QueueDepth"));
            assertNull(server.getAttribute(dispatch, "RunningJobId"));
            assertEquals(false, server.getAttribute(dispatch, "Paused"));
            assertTrue((Long) server.getAttribute(new ObjectName("orator:type=Jobs"), "Succeeded") >= 1);
            ObjectName engine = new ObjectName("orator:type=Engine");
            assertTrue((Double) server.getAttribute(engine, "LastRealTimeFactor") > 0);
            assertTrue((Long) server.getAttribute(engine, "JobsSinceReload") >= 1);
            assertTrue((Integer) server.getAttribute(engine, "Voices") > 10);
            assertTrue((Long) server.getAttribute(new ObjectName("orator:type=Storage"), "FreeBytes") > 0);
            ObjectName memory = new ObjectName("orator:type=Memory");
            assertTrue((Long) server.getAttribute(memory, "RssBytes") > 100_000_000);
            assertEquals(-1L, server.getAttribute(memory, "GpuBytes"), "no GPU on this server");
        }
    }

    @Test
    void oratorAdminPausesResumesCancelsCleansUpAndReloads() throws Exception {
        try (JMXConnector jmx = Jmx.connectAs(ManagementUsers.OPERATOR, ManagementUsers.PASSWORD)) {
            MBeanServerConnection server = jmx.getMBeanServerConnection();
            ObjectName dispatch = new ObjectName("orator:type=Dispatch");
            server.invoke(dispatch, "pauseDispatch", null, null);
            String id;
            try {
                assertEquals(true, server.getAttribute(dispatch, "Paused"));
                id = Api.submit("{\"script\": \"Speaker 1: Cancel me over JMX.\"}");
                assertEquals(1L, server.getAttribute(dispatch, "QueueDepth"));
                assertEquals("CANCELLED", server.invoke(dispatch, "cancelJob", new Object[] {id},
                        new String[] {String.class.getName()}));
            } finally {
                server.invoke(dispatch, "resumeDispatch", null, null);
            }
            assertEquals(false, server.getAttribute(dispatch, "Paused"));
            assertEquals("CANCELLED", Api.job(id).getString("status"));
            server.invoke(dispatch, "drainDispatch", null, null);
            try {
                assertEquals(true, server.getAttribute(dispatch, "Draining"));
                assertEquals(true, Api.json(Api.admin("GET", "/api/v1/admin/dispatch")).getBoolean("draining"));
            } finally {
                server.invoke(dispatch, "resumeDispatch", null, null);
            }
            assertEquals(false, server.getAttribute(dispatch, "Draining"));
            assertThrows(Exception.class, () -> server.invoke(dispatch, "cancelJob", new Object[] {id},
                    new String[] {String.class.getName()}), "a finished job cannot be cancelled");

            String report = (String) server.invoke(new ObjectName("orator:type=Storage"), "runCleanup", null, null);
            assertTrue(report.startsWith("CleanupReport["), report);
            ObjectName engine = new ObjectName("orator:type=Engine");
            long reloads = (Long) server.getAttribute(engine, "Reloads");
            String reloaded = (String) server.invoke(engine, "reloadEngines", null, null);
            assertTrue(reloaded.matches("reloaded: \\d+ voices"), reloaded);
            assertTrue(Integer.parseInt(reloaded.replaceAll("\\D", "")) > 10, reloaded);
            assertEquals(reloads + 1, server.getAttribute(engine, "Reloads"));
            assertEquals(0L, server.getAttribute(engine, "JobsSinceReload"));
            assertEquals(true, server.getAttribute(engine, "Ready"));

            List<JsonObject> audited = jmxAuditEvents();
            for (String action : List.of("dispatch.pause", "dispatch.resume", "cleanup.run", "engines.reload")) {
                assertTrue(audited.stream().anyMatch(e -> e.getString("action").equals(action)), action + " in " + audited);
            }
            assertTrue(audited.stream().anyMatch(e -> e.getString("action").equals("job.cancel")
                    && id.equals(e.getString("target"))), "the cancellation, with its job: " + audited);
        }
    }

    /** The audit log's events written for JMX operations, newest first. */
    private static List<JsonObject> jmxAuditEvents() {
        java.net.http.HttpResponse<String> events = Api.admin("GET", "/api/v1/admin/audit?actor=jmx&limit=200");
        assertEquals(200, events.statusCode(), events.body());
        List<JsonObject> all = Api.json(events).getJsonArray("items").stream().map(JsonValue::asJsonObject).toList();
        assertTrue(all.stream().allMatch(e -> e.getString("actorKind").equals("JMX")), all.toString());
        return all;
    }

    @Test
    void oratorAdminCreatesAKeyThatWorksAndRevokesIt() throws Exception {
        try (JMXConnector jmx = Jmx.connectAs(ManagementUsers.OPERATOR, ManagementUsers.PASSWORD)) {
            MBeanServerConnection server = jmx.getMBeanServerConnection();
            ObjectName clients = new ObjectName("orator:type=Clients");
            String[] strings = {String.class.getName(), String.class.getName()};
            String key = (String) server.invoke(clients, "createKey", new Object[] {"jmx-client", "made over JMX"}, strings);
            assertTrue(key.startsWith("ork_"), key);
            java.net.http.HttpResponse<String> list = Api.send(Client.request("GET", "/api/v1/syntheses", null)
                    .header("Authorization", "Bearer " + key).build());
            assertEquals(200, list.statusCode(), list.body());

            String line = Arrays.stream((String[]) server.getAttribute(clients, "Keys"))
                    .filter(l -> l.contains(key.substring(0, 12))).findFirst().orElseThrow();
            assertFalse(line.contains(key), "the attribute never shows a secret");
            assertTrue(line.endsWith("jmx-client \"made over JMX\" ACTIVE"), line);
            String id = line.substring(0, line.indexOf(' '));
            assertEquals("REVOKED", server.invoke(clients, "revokeKey", new Object[] {id}, new String[] {String.class.getName()}));
            assertEquals(401, Api.send(Client.request("GET", "/api/v1/syntheses", null)
                    .header("Authorization", "Bearer " + key).build()).statusCode());
            assertThrows(Exception.class, () -> server.invoke(clients, "createKey", new Object[] {"bad name", "x"}, strings));
            List<JsonObject> audited = jmxAuditEvents();
            assertTrue(audited.stream().anyMatch(e -> e.getString("action").equals("key.create") && id.equals(e.getString("target"))));
            assertTrue(audited.stream().anyMatch(e -> e.getString("action").equals("key.revoke") && id.equals(e.getString("target"))));
        }
    }

    @Test
    void oratorMonitorReadsAttributesButEveryOperationIsRefused() throws Exception {
        try (JMXConnector jmx = Jmx.connectAs(ManagementUsers.MONITOR, ManagementUsers.PASSWORD)) {
            MBeanServerConnection server = jmx.getMBeanServerConnection();
            ObjectName dispatch = new ObjectName("orator:type=Dispatch");
            ObjectName engine = new ObjectName("orator:type=Engine");
            assertEquals(false, server.getAttribute(dispatch, "Paused"));
            long reloads = (Long) server.getAttribute(engine, "Reloads");
            int operations = 0;
            for (ObjectName name : server.queryNames(new ObjectName("orator:*"), null)) {
                for (MBeanOperationInfo operation : server.getMBeanInfo(name).getOperations()) {
                    String[] signature = Arrays.stream(operation.getSignature())
                            .map(MBeanParameterInfo::getType).toArray(String[]::new);
                    // Refused before the MBean is called, so the arguments never matter.
                    assertRefused(() -> server.invoke(name, operation.getName(),
                            new Object[signature.length], signature), name + " " + operation.getName());
                    operations++;
                }
            }
            assertEquals(8, operations, "pause, drain, resume, cancel, reload, cleanup, create and revoke a key");
            assertEquals(false, server.getAttribute(dispatch, "Draining"));
            assertEquals(false, server.getAttribute(dispatch, "Paused"));
            assertEquals(reloads, server.getAttribute(engine, "Reloads"));
        }
    }

    @Test
    void managementUserWithoutAnOratorGroupCannotReadOrInvoke() throws Exception {
        try (JMXConnector jmx = Jmx.connectAs(ManagementUsers.OUTSIDER, ManagementUsers.PASSWORD)) {
            MBeanServerConnection server = jmx.getMBeanServerConnection();
            ObjectName dispatch = new ObjectName("orator:type=Dispatch");
            assertTrue(server.queryNames(new ObjectName("orator:*"), null).isEmpty());
            assertRefused(() -> server.getAttribute(dispatch, "Paused"), "read");
            assertRefused(() -> server.invoke(dispatch, "pauseDispatch", null, null), "invoke");
        }
    }

    @Test
    void connectionWithWrongManagementCredentialsIsRefused() throws Exception {
        for (String[] credentials : new String[][] {{ManagementUsers.OPERATOR, "wrong"}, {"nobody", "wrong"}}) {
            UncheckedIOException refused = assertThrows(UncheckedIOException.class,
                    () -> Jmx.connectAs(credentials[0], credentials[1]).close(), credentials[0]);
            assertInstanceOf(SaslException.class, refused.getCause(), credentials[0]);
        }
        try (JMXConnector jmx = Jmx.connectLocal()) {
            assertFalse((Boolean) jmx.getMBeanServerConnection().getAttribute(new ObjectName("orator:type=Dispatch"), "Paused"));
        }
    }

    /** What WildFly's role-based access control answers a JMX call the caller's role does not allow. */
    private static void assertRefused(Executable call, String what) {
        JMRuntimeException refused = assertThrowsExactly(JMRuntimeException.class, call, what);
        assertTrue(refused.getMessage().contains("Unauthorized access"), refused.getMessage());
    }
}
