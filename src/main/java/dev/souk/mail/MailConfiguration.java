package dev.souk.mail;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The outbox sweep runs on Spring's scheduler; enabling it twice elsewhere is harmless. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class MailConfiguration {}
