package dev.souk.search;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The conditions of a checked query, as {@link SearchSql#filters} works them out.
 *
 * @param distance the great-circle distance from the query's origin, when it has one
 * @param lexemes when the place's keyword matches come from the place-and-words index, the words the
 *     last keyword may stand for, as alternatives of a text query
 */
record Filters(
        Plan plan,
        List<Sql> where,
        @Nullable Sql distance,
        @Nullable Sql lexemes) {

    Filters {
        where = List.copyOf(where);
    }

    /** All of them; {@code TRUE} without any. */
    Sql conditions() {
        return Sql.and(where);
    }
}
