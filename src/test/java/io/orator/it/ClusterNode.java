package io.orator.it;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One more Orator server for the multi-node tests: the WildFly this build provisioned, started
 * from a base directory of its own (configuration, deployments, data) on a port offset of its
 * own, with the WAR this build produced. It can be killed as {@code kill -9} kills (SIGKILL to
 * the JVM) and started again on the same directories.
 */
final class ClusterNode implements AutoCloseable {

    private static final Duration START = Duration.ofMinutes(4);

    private final String name;
    private final int portOffset;
    private final Path base;
    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private Process process;

    ClusterNode(String name, int portOffset, Path root, Map<String, String> properties, Map<String, String> environment) {
        this.name = name;
        this.portOffset = portOffset;
        this.base = root.resolve(name);
        this.properties = properties;
        this.environment = environment;
    }

    String name() {
        return name;
    }

    String api() {
        return "http://127.0.0.1:" + (8080 + portOffset);
    }

    String management() {
        return "http://127.0.0.1:" + (9990 + portOffset);
    }

    /** Lays out the base directory (first start only) and starts the server; returns once it is ready. */
    ClusterNode start() throws IOException {
        Path home = Path.of(System.getProperty("jboss.home"));
        if (!Files.exists(base)) {
            copyConfiguration(home.resolve("standalone"), base);
            Files.copy(Path.of(System.getProperty("orator.war")), base.resolve("deployments").resolve("orator.war"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> options = new ArrayList<>(List.of("-Xms512m", "-Xmx512m", "-Djava.net.preferIPv4Stack=true",
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + portOffset,
                "-Dorator.node-name=" + name, "-Dorator.data-dir=" + base.resolve("orator-data")));
        properties.forEach((key, value) -> options.add("-D" + key + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin").resolve("standalone.sh").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("console.log").toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("JAVA_OPTS", String.join(" ", options));
        builder.environment().put("JBOSS_HOME", home.toString());
        process = builder.start();
        Api.await(this::ready, Boolean::booleanValue, START, name + " ready (see " + base.resolve("console.log") + ")");
        return this;
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited; see " + base.resolve("console.log"));
        }
        try {
            // Before the application is deployed the server is "ready" with no checks at all.
            HttpResponse<String> ready = Api.get(management() + "/health/ready");
            return ready.statusCode() == 200 && ready.body().contains("\"storage\"");
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    /** Kills the JVM with SIGKILL, as {@code kill -9} does: nothing of the application runs after it. */
    void kill() {
        Optional<ProcessHandle> jvm = process.descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
                .findFirst();
        jvm.orElseThrow(() -> new AssertionError(name + " has no JVM to kill")).destroyForcibly();
        try {
            process.waitFor();
            jvm.get().onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The dispatch view of this node's admin API. */
    JsonObject dispatch() {
        return Api.json(Api.admin("GET", api() + "/api/v1/admin/dispatch"));
    }

    /** The job this node runs now, if any. */
    Optional<String> runningJob() {
        JsonObject dispatch = dispatch();
        return dispatch.containsKey("running") ? Optional.of(dispatch.getJsonObject("running").getString("id")) : Optional.empty();
    }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The server's configuration only: each node starts with no data, logs or deployments of the provisioning's. */
    private static void copyConfiguration(Path standalone, Path base) throws IOException {
        Path from = standalone.resolve("configuration");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = base.resolve("configuration").resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Files.createDirectories(base.resolve("deployments"));
    }
}
