package dev.souk.mail.view;

/** One line of the operator's outbox; {@code status} is the status's lower-case name. */
public record OutboxRow(String id, String recipient, String subject, String status, When created) {}
