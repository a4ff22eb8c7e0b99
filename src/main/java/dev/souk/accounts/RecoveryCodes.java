package dev.souk.accounts;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * Single-use codes that stand in for the authenticator app when it is lost: 16 characters of Crockford's
 * base32 (80 random bits, shown as four groups of four). That many bits need no slow hash: only their
 * SHA-256 is stored. Typing is forgiving: case, dashes and spaces don't matter, and i, l and o are read
 * as 1, 1 and 0.
 */
final class RecoveryCodes {

    static final int COUNT = 10;
    private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final int LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecoveryCodes() {}

    static String generate() {
        StringBuilder code = new StringBuilder(LENGTH + 3);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** The code in the form its hash is made of; empty if it can't be a recovery code. */
    static Optional<String> normalize(String typed) {
        StringBuilder code = new StringBuilder(LENGTH);
        for (char c : typed.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || c == ' ') {
                continue;
            }
            char read = switch (c) {
                case 'i', 'l' -> '1';
                case 'o' -> '0';
                default -> c;
            };
            if (ALPHABET.indexOf(read) < 0 || code.length() == LENGTH) {
                return Optional.empty();
            }
            code.append(read);
        }
        return code.length() == LENGTH ? Optional.of(code.toString()) : Optional.empty();
    }

    static byte[] hash(String normalized) {
        return SecretTokens.hash(normalized);
    }
}
