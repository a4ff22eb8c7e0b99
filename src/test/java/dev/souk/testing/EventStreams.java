package dev.souk.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reading a live page's stream (text/event-stream) line by line. */
public final class EventStreams {

    private EventStreams() {}

    /** The next {@code data:} line, skipping heartbeats and the event's name. */
    public static String untilData(BufferedReader lines) {
        String line;
        do {
            line = readLine(lines);
        } while (!line.startsWith("data:"));
        return line;
    }

    /** The next line; the stream must not have ended. */
    public static String readLine(BufferedReader lines) {
        try {
            String line = lines.readLine();
            if (line == null) {
                throw new AssertionError("the stream ended");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
