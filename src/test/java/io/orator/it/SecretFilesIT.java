package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.platform.SecretFiles;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The deployment's configuration reads {@code *_FILE} secrets (SecretFilesTest has the rules). */
@ExtendWith(ArquillianExtension.class)
class SecretFilesIT {

    @Deployment
    static WebArchive app() {
        return Deployments.orator();
    }

    @Test
    void secretFilesAreAConfigSourceOfTheDeployment() {
        assertTrue(StreamSupport.stream(ConfigProvider.getConfig().getConfigSources().spliterator(), false)
                .anyMatch(source -> source instanceof SecretFiles), "SecretFiles is registered");
    }
}
