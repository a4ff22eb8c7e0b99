package dev.souk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Draws the modules and who uses whom from the code (Spring Modulith's {@link Documenter}, C4 in
 * PlantUML, into {@code target/spring-modulith-docs/components.puml}) and keeps the copy in {@code docs/modules.puml},
 * which docs/architecture.md links to, the same.
 */
class ModuleDocumentationTest {

    private static final Path COMMITTED = Path.of("docs/modules.puml");

    @Test
    void theCommittedModuleDiagramIsTheOneTheCodeDraws() throws IOException {
        new Documenter(ApplicationModules.of(SoukApplication.class)).writeModulesAsPlantUml();
        Path drawn = Path.of("target/spring-modulith-docs/components.puml");

        assertThat(drawn).exists();
        assertThat(normalized(drawn))
                .as("the modules changed: copy %s to %s", drawn, COMMITTED)
                .isEqualTo(normalized(COMMITTED));
    }

    /** Its lines in order: the drawing lists modules and relations in no fixed order. */
    private static List<String> normalized(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of("(no " + file + ")");
        }
        return Files.readAllLines(file).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .sorted()
                .toList();
    }
}
