package dev.souk.bench;

import java.io.StringReader;
import org.jspecify.annotations.Nullable;

/** Rows in the text format of {@code COPY}: tab-separated, {@code \N} for null. */
final class CopyRows {

    private final StringBuilder text = new StringBuilder(1 << 16);

    void row(@Nullable Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.append('\t');
            }
            append(values[i]);
        }
        text.append('\n');
    }

    private void append(@Nullable Object value) {
        if (value == null) {
            text.append("\\N");
            return;
        }
        String s = value.toString();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }

    StringReader reader() {
        return new StringReader(text.toString());
    }
}
