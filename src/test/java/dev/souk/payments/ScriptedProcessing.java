package dev.souk.payments;

import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Puts the {@link ScriptedProcessor} in the app as its card gateway: imported by tests
 * ({@code @Import}), or named as a source of a Souk process ({@code --spring.main.sources}). Not a
 * component, so that Souk processes started from the test class path never pick it up by scanning.
 * {@code souk.test.processor.hang-after} names the calls (e.g. {@code capture}) after which it hangs.
 */
public class ScriptedProcessing {

    static final String SECRET = "scripted-processor-secret";

    @Bean
    ScriptedProcessor scriptedProcessor(DataSource dataSource, Clock clock, Environment environment) {
        Set<String> hangAfter = Arrays.stream(environment
                        .getProperty("souk.test.processor.hang-after", "")
                        .split(","))
                .map(String::strip)
                .filter(kind -> !kind.isEmpty())
                .collect(Collectors.toSet());
        return new ScriptedProcessor(dataSource, clock, SECRET, hangAfter);
    }
}
