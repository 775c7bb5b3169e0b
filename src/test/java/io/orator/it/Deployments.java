package io.orator.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR this build produced: tests run against exactly what ships. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive orator() {
        File war = new File(System.getProperty("orator.war", "target/orator.war"));
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }
}
