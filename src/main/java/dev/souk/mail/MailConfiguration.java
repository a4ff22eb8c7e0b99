package dev.souk.mail;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.mail.health.MailHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The outbox sweep runs on Spring's scheduler; enabling it twice elsewhere is harmless. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class MailConfiguration {

    /**
     * Replaces Boot's mail health check, which also runs when {@code spring.mail.host} is set but
     * blank (as {@code SOUK_SMTP_HOST} unset leaves it) and then reports the whole application down.
     * Without SMTP, mail is kept on purpose, so that is healthy.
     */
    @Bean
    HealthIndicator mailHealthContributor(
            ObjectProvider<JavaMailSender> smtp, @Value("${spring.mail.host:}") String smtpHost) {
        if (!smtpHost.isBlank() && smtp.getIfAvailable() instanceof JavaMailSenderImpl sender) {
            return new MailHealthIndicator(sender);
        }
        return () -> Health.up().withDetail("smtp", "none, mail is kept").build();
    }
}
