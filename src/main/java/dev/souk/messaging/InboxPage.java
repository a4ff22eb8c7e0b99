package dev.souk.messaging;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of a member's conversations, latest message first, and the cursor of the next page. */
public record InboxPage(
        List<ConversationView> items, @Nullable String nextCursor) {

    public InboxPage {
        items = List.copyOf(items);
    }
}
