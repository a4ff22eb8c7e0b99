package dev.souk.testing;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;

/**
 * An event delivered again the way the event publication registry redelivers one: its stored
 * publications, each as if its listener had done the work but its completion had been lost. (Publishing
 * the same event twice instead has the registry track two identical publications at once, which it
 * does not always complete both of.)
 */
public final class Redelivery {

    private Redelivery() {}

    /**
     * Marks the completed publications of events of this type with {@code key} in them (an id they
     * carry) incomplete and resubmits them; returns how many there were.
     */
    public static int redeliver(JdbcClient jdbc, IncompleteEventPublications registry, Class<?> type, String key) {
        int marked = jdbc.sql("UPDATE event_publication SET completion_date = NULL"
                        + " WHERE event_type = :type AND serialized_event LIKE :key AND completion_date IS NOT NULL")
                .param("type", type.getName())
                .param("key", "%" + key + "%")
                .update();
        registry.resubmitIncompletePublications(
                p -> type.isInstance(p.getEvent()) && p.getEvent().toString().contains(key));
        return marked;
    }

    /** Publications of events of this type, with {@code key} in their stored text, not completed yet. */
    public static long incomplete(JdbcClient jdbc, Class<?> type, String key) {
        return jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL"
                        + " AND event_type = :type AND serialized_event LIKE :key")
                .param("type", type.getName())
                .param("key", "%" + key + "%")
                .query(Long.class)
                .single();
    }
}
