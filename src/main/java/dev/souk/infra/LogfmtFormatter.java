package dev.souk.infra;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.time.Instant;
import java.util.Map;
import org.springframework.boot.logging.structured.StructuredLogFormatter;

/**
 * Souk's default console format: one logfmt line per event ({@code key=value}), readable by people
 * and parseable by log shippers. {@code SOUK_LOG_FORMAT=ecs|logstash|gelf} switches to JSON lines.
 */
public class LogfmtFormatter implements StructuredLogFormatter<ILoggingEvent> {

    @Override
    public String format(ILoggingEvent event) {
        var line = new StringBuilder(160);
        line.append("time=").append(Instant.ofEpochMilli(event.getTimeStamp()));
        line.append(" level=").append(event.getLevel());
        pair(line, "logger", shorten(event.getLoggerName()));
        pair(line, "thread", event.getThreadName());
        for (Map.Entry<String, String> entry : event.getMDCPropertyMap().entrySet()) {
            pair(line, entry.getKey(), entry.getValue());
        }
        pair(line, "msg", event.getFormattedMessage());
        if (event.getThrowableProxy() != null) {
            pair(line, "error", ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        return line.append('\n').toString();
    }

    private static void pair(StringBuilder line, String key, String value) {
        line.append(' ').append(key).append('=');
        if (!value.isEmpty() && value.chars().noneMatch(c -> c <= ' ' || c == '"' || c == '=')) {
            line.append(value);
            return;
        }
        line.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> line.append(c);
            }
        }
        line.append('"');
    }

    /** {@code dev.souk.infra.EmbeddedDatabaseConfiguration} becomes {@code d.s.i.EmbeddedDatabaseConfiguration}. */
    private static String shorten(String logger) {
        int last = logger.lastIndexOf('.');
        if (last < 0) {
            return logger;
        }
        var shortened = new StringBuilder();
        for (String part : logger.substring(0, last).split("\\.")) {
            if (!part.isEmpty()) {
                shortened.append(part.charAt(0)).append('.');
            }
        }
        return shortened.append(logger.substring(last + 1)).toString();
    }
}
