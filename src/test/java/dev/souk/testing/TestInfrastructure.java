package dev.souk.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** What every full-stack test gets: a clock it can move instead of sleeping. */
@TestConfiguration(proxyBeanMethods = false)
public class TestInfrastructure {

    @Bean
    @Primary
    MutableClock testClock() {
        return new MutableClock();
    }
}
