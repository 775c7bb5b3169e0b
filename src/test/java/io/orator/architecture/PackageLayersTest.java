package io.orator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph is a layering a reader can draw (docs/architecture.md): arrows point down
 * only, and no packages form a cycle. Only the voice SPI and its engines (voices.espeak,
 * voices.piper) may point at each other, as an SPI and its implementations do.
 */
class PackageLayersTest {

    private static JavaClasses orator;

    @BeforeAll
    static void importMainClasses() {
        orator = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.orator");
    }

    @Test
    void packagesFormLayersThatPointDownOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Boundaries").definedBy("io.orator.admin..", "io.orator.audit..", "io.orator.health..", "io.orator.metrics..",
                        "io.orator.openai..")
                .layer("Dispatch").definedBy("io.orator.dispatch..")
                .layer("Retention").definedBy("io.orator.retention..")
                .layer("Jobs").definedBy("io.orator.jobs..")
                .layer("Clients").definedBy("io.orator.clients..")
                .layer("Storage").definedBy("io.orator.storage..")
                .layer("Webhooks").definedBy("io.orator.webhooks..")
                .layer("Synthesis").definedBy("io.orator.synthesis..")
                .layer("Voices").definedBy("io.orator.voices..")
                .layer("Platform").definedBy("io.orator.platform..")
                .whereLayer("Boundaries").mayNotBeAccessedByAnyLayer()
                .whereLayer("Dispatch").mayOnlyBeAccessedByLayers("Boundaries")
                .whereLayer("Retention").mayOnlyBeAccessedByLayers("Boundaries")
                .whereLayer("Jobs").mayOnlyBeAccessedByLayers("Dispatch", "Retention", "Boundaries")
                .whereLayer("Clients").mayOnlyBeAccessedByLayers("Jobs", "Dispatch", "Retention", "Boundaries")
                .whereLayer("Storage").mayOnlyBeAccessedByLayers("Jobs", "Dispatch", "Retention", "Boundaries")
                .whereLayer("Webhooks").mayOnlyBeAccessedByLayers("Jobs", "Dispatch", "Retention", "Boundaries")
                .whereLayer("Synthesis").mayOnlyBeAccessedByLayers("Jobs", "Dispatch", "Boundaries")
                .whereLayer("Voices").mayOnlyBeAccessedByLayers("Synthesis", "Jobs", "Dispatch", "Boundaries")
                .check(orator);
    }

    @Test
    void noPackagesFormACycle() {
        // A slice per top-level package: voices.espeak and voices.piper belong to voices, so the
        // SPI and its engines may point both ways, and nothing else may.
        slices().matching("io.orator.(*)..").should().beFreeOfCycles().check(orator);
    }

    @Test
    void theSynthesisCoreSeesTheEngineSpiNotTheEngines() {
        noClasses()
                .that().resideInAPackage("io.orator.synthesis..")
                .should().dependOnClassesThat().resideInAnyPackage("io.orator.voices.espeak..", "io.orator.voices.piper..")
                .check(orator);
    }
}
