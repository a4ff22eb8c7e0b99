package dev.souk.accounts;

/** The public parts of a profile a member edits. */
public record ProfileUpdate(String displayName, String bio, String city) {}
