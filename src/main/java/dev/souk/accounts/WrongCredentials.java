package dev.souk.accounts;

/** Sign-in refused; deliberately says nothing about whether the email exists. */
class WrongCredentials extends RuntimeException {

    WrongCredentials() {
        super("email or password is wrong", null, false, false);
    }
}
