package dev.souk.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoveryCodesTest {

    @Test
    void codesAreFourGroupsOfFourWithoutLookalikeLetters() {
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String code = RecoveryCodes.generate();
            assertThat(code).matches("[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}");
            codes.add(code);
        }
        assertThat(codes).hasSize(1000);
    }

    @Test
    void typingIsForgiving() {
        assertThat(RecoveryCodes.normalize("ab12-cd34-ef56-gh78")).hasValue("ab12cd34ef56gh78");
        assertThat(RecoveryCodes.normalize(" AB12 CD34 EF56 GH78 ")).hasValue("ab12cd34ef56gh78");
        assertThat(RecoveryCodes.normalize("ab1l-cd3i-ef5o-gh78")).hasValue("ab11cd31ef50gh78");
    }

    @Test
    void whatCantBeACodeIsNone() {
        assertThat(RecoveryCodes.normalize("ab12-cd34-ef56-gh7")).isEmpty();
        assertThat(RecoveryCodes.normalize("ab12-cd34-ef56-gh789")).isEmpty();
        assertThat(RecoveryCodes.normalize("ab12-cd34-ef56-gh7u"))
                .as("u is not in the alphabet")
                .isEmpty();
        assertThat(RecoveryCodes.normalize("ab12\u0000cd34ef56gh78")).isEmpty();
        assertThat(RecoveryCodes.normalize("123456")).isEmpty();
    }
}
