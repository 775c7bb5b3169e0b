package io.orator.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** This server's name: which node runs a job and owns its heartbeat, and which sends a webhook. Unique per node. */
@ApplicationScoped
public class WorkerNode {

    @Inject
    @ConfigProperty(name = "orator.node-name")
    Optional<String> configured;

    public String name() {
        return configured.filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(System.getProperty("jboss.node.name")))
                .orElseGet(WorkerNode::hostName);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "orator";
        }
    }
}
