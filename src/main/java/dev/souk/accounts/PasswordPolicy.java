package dev.souk.accounts;

import dev.souk.shared.InvalidInput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** OWASP ASVS-style password rules: length, not a common password, not the member's own email or name. */
@Component
class PasswordPolicy {

    static final int MIN = 8;
    static final int MAX = 128;

    private final Set<String> common;

    PasswordPolicy() {
        this.common = load("accounts/common-passwords.txt");
    }

    /** @param field the name of the field the password came in, for the error */
    void check(String field, String password, String email, String displayName) {
        int length = password.codePointCount(0, password.length());
        if (length < MIN || length > MAX) {
            throw InvalidInput.of(field, "accounts.password.length", MIN, MAX);
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower)) {
            throw InvalidInput.of(field, "accounts.password.common");
        }
        String normalized = lower.replaceAll("\\s+", "");
        String emailLower = email.toLowerCase(Locale.ROOT).strip();
        String localPart = emailLower.contains("@") ? emailLower.substring(0, emailLower.indexOf('@')) : emailLower;
        String name = displayName.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
        if (normalized.equals(emailLower) || normalized.equals(localPart) || normalized.equals(name)) {
            throw InvalidInput.of(field, "accounts.password.personal");
        }
    }

    private static Set<String> load(String resource) {
        Set<String> words = new HashSet<>(16_384);
        try (var reader = new BufferedReader(
                new InputStreamReader(new ClassPathResource(resource).getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    words.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return Set.copyOf(words);
    }
}
