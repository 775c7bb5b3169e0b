package io.orator.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The provisioned server's start scripts limit glibc's malloc arenas before the JVM starts (the
 * server cannot do it for itself once running), and leave an operator's own value alone. Runs the
 * script file WildFly's {@code common.sh} sources, in a shell with an emptied environment.
 */
class MallocArenaLimitIT {

    private static final Path COMMON_CONF = Path.of(System.getProperty("jboss.home"), "bin", "common.conf");

    @Test
    void theStartScriptsLimitTheArenasToTwo() throws Exception {
        assertEquals("2", arenaLimitAfterSourcing(Map.of()));
    }

    @Test
    void aValueInTheEnvironmentWins() throws Exception {
        assertEquals("8", arenaLimitAfterSourcing(Map.of("MALLOC_ARENA_MAX", "8")));
    }

    private static String arenaLimitAfterSourcing(Map<String, String> environment)
            throws IOException, InterruptedException {
        assertEquals(true, Files.isReadable(COMMON_CONF), COMMON_CONF + " is part of the provisioned server");
        ProcessBuilder shell = new ProcessBuilder("/bin/sh", "-c",
                ". \"$1\" && exec /usr/bin/env", "sh", COMMON_CONF.toString());
        shell.environment().clear();
        shell.environment().putAll(environment);
        shell.redirectErrorStream(true);
        Process process = shell.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        // exec env prints the exported environment only: the value must reach the JVM, not just the shell.
        return output.lines().filter(line -> line.startsWith("MALLOC_ARENA_MAX="))
                .map(line -> line.substring("MALLOC_ARENA_MAX=".length())).findFirst().orElse("(not exported)");
    }
}
