package dev.souk.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/** Import it next to {@link SoukTest} to have mail delivered over SMTP to {@link Mailbox}; without it mail is kept. */
@TestConfiguration(proxyBeanMethods = false)
public class WithMailbox {

    @Bean
    DynamicPropertyRegistrar testMailbox() {
        return Mailbox::smtp;
    }
}
