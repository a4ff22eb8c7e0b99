package dev.souk.search;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A piece of SQL and the values of its {@code ?} placeholders, in order. Pieces compose into
 * statements ({@link #of}, {@link #join}, {@link #wrap}); a value only ever enters through {@link
 * #param}, so nothing a visitor types becomes SQL text.
 */
record Sql(String text, List<@Nullable Object> params) {

    static final Sql TRUE = new Sql("TRUE", List.of());

    Sql {
        params = Collections.unmodifiableList(new ArrayList<>(params));
    }

    /** One placeholder for {@code value}. */
    static Sql param(@Nullable Object value) {
        List<@Nullable Object> params = new ArrayList<>(1);
        params.add(value);
        return new Sql("?", params);
    }

    /** The parts one after the other: a {@link Sql} with its values, anything else as SQL text. */
    static Sql of(Object... parts) {
        StringBuilder text = new StringBuilder();
        List<@Nullable Object> params = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Sql sql) {
                text.append(sql.text);
                params.addAll(sql.params);
            } else {
                text.append(part);
            }
        }
        return new Sql(text.toString(), params);
    }

    /** The parts with {@code separator} between them. */
    static Sql join(String separator, List<Sql> parts) {
        List<Object> all = new ArrayList<>();
        for (Sql part : parts) {
            if (!all.isEmpty()) {
                all.add(separator);
            }
            all.add(part);
        }
        return of(all.toArray());
    }

    /** Conditions that must all hold; {@code TRUE} without any. */
    static Sql and(List<Sql> conditions) {
        return conditions.isEmpty() ? TRUE : join(" AND ", conditions);
    }

    /** This piece between {@code before} and {@code after}. */
    Sql wrap(String before, String after) {
        return of(before, this, after);
    }

    /**
     * The text and values, under which a count is reused; without the time of day, which only moves
     * the advance notice on by itself.
     */
    String key() {
        StringBuilder key = new StringBuilder(text);
        for (Object value : params) {
            key.append('\u0000')
                    .append(
                            value instanceof int[] cells
                                    ? Arrays.toString(cells)
                                    : value instanceof Timestamp ? "" : String.valueOf(value));
        }
        return key.toString();
    }
}
