package dev.souk.accounts;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Hashes and compares passwords on a few platform threads of their own, one per core. A hash is CPU
 * work that never yields: on virtual threads a burst of sign-ins would take every carrier thread and
 * leave all other requests waiting, those holding database connections too. Here the operating system
 * shares the cores between hashing and serving, and at most one hash per core is in memory at a time.
 */
final class PasswordHashing implements PasswordEncoder, AutoCloseable {

    private final PasswordEncoder hash;
    private final ExecutorService threads;

    PasswordHashing(PasswordEncoder hash) {
        this.hash = hash;
        this.threads = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), work -> {
            Thread thread = new Thread(work, "password-hashing");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return run(() -> hash.encode(rawPassword));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        return run(() -> hash.matches(rawPassword, encodedPassword));
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return hash.upgradeEncoding(encodedPassword);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    private <T> T run(Callable<T> work) {
        try {
            return threads.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing a password", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
