package dev.souk.mail.view;

/** An instant as people read it, with its ISO form for {@code <time datetime>}. */
public record When(String iso, String text) {}
