package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Undeploy removes Orator's MBeans and a new deployment registers exactly one of each again. */
@ExtendWith(ArquillianExtension.class)
class RedeployIT {

    private static final String NAME = "orator";

    @Deployment(name = NAME, managed = false, testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void mbeansExistExactlyOnceAfterEachRedeploy() throws Exception {
        deployer.deploy(NAME);
        try {
            assertEquals(JmxIT.TYPES.size(), oratorMBeans());
            for (int round = 0; round < 2; round++) {
                deployer.undeploy(NAME);
                assertEquals(0, oratorMBeans(), "undeploy removes them");
                deployer.deploy(NAME);
                assertEquals(JmxIT.TYPES.size(), oratorMBeans(), "redeploy " + (round + 1));
            }
            String id = Api.submit("{\"script\": \"Speaker 1: Still speaking after two redeploys.\"}");
            Api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED");
        } finally {
            deployer.undeploy(NAME);
        }
    }

    private static int oratorMBeans() throws Exception {
        try (JMXConnector jmx = Jmx.connectLocal()) {
            return jmx.getMBeanServerConnection().queryNames(new ObjectName("orator:*"), null).size();
        }
    }
}
