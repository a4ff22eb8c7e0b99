package dev.souk.testing;

import java.time.Duration;

/** Sleeping in a test while something happens elsewhere (a listener, a scheduler, another node). */
public final class Pause {

    private Pause() {}

    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
