package dev.souk.accounts;

/** What a visitor gives to join. */
public record SignUp(String email, String password, String displayName) {}
