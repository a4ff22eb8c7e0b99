package dev.souk.accounts;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/** The first operator comes from {@code SOUK_ADMIN_EMAIL} and {@code SOUK_ADMIN_PASSWORD}, at every start. */
@Component
@Order(20)
class OperatorBootstrap implements ApplicationRunner {

    private final Accounts accounts;
    private final Environment environment;

    OperatorBootstrap(Accounts accounts, Environment environment) {
        this.accounts = accounts;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        String email = environment.getProperty("souk.admin.email", "");
        String password = environment.getProperty("souk.admin.password", "");
        if (!StringUtils.hasText(email)) {
            return;
        }
        if (!StringUtils.hasText(password)) {
            throw new IllegalStateException("SOUK_ADMIN_EMAIL is set but SOUK_ADMIN_PASSWORD is not");
        }
        accounts.ensureOperator(email, password, environment.getProperty("souk.admin.name", "Operator"));
    }
}
