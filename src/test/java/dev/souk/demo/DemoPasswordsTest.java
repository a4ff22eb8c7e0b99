package dev.souk.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberAccount;
import dev.souk.testing.SoukTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

@SoukTest
@TestPropertySource(properties = "souk.demo=true")
@ExtendWith(OutputCaptureExtension.class)
class DemoPasswordsTest {

    @Autowired
    DemoSeeder seeder;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theDemoPasswordsAreMadePerInstallAndShownUntilChanged(CapturedOutput output) {
        Map<String, Object> kept = jdbc.sql("SELECT operator_password, member_password FROM demo_seed")
                .query()
                .singleRow();
        String operatorPassword = (String) kept.get("operator_password");
        String memberPassword = (String) kept.get("member_password");
        assertThat(operatorPassword).isNotEqualTo(memberPassword).matches("demo(-[a-z2-9]{4}){3}");
        assertThat(accounts.hasPassword(DemoSeeder.OPERATOR_EMAIL, operatorPassword))
                .isTrue();
        assertThat(accounts.hasPassword("amira@demo.souk.dev", memberPassword)).isTrue();

        MemberAccount operator =
                accounts.members(DemoSeeder.OPERATOR_EMAIL, 1, 0).get(0);
        accounts.changePassword(operator.profile().id(), operatorPassword, "my-own-operator-words", null);
        seeder.run(new DefaultApplicationArguments());

        assertThat(output.getOut().substring(output.getOut().lastIndexOf("Demo marketplace at")))
                .contains("Demo members:")
                .contains(memberPassword)
                .doesNotContain("Demo operator (")
                .doesNotContain(operatorPassword);
        assertThat(jdbc.sql("SELECT operator_password FROM demo_seed")
                        .query(String.class)
                        .list())
                .as("a changed password is forgotten")
                .containsExactly((String) null);
    }
}
