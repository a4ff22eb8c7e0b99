package dev.souk.messaging;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of a conversation's history, newest first, and the cursor of the older messages, if any. */
public record MessagePage(List<MessageView> items, @Nullable String nextCursor) {

    public MessagePage {
        items = List.copyOf(items);
    }
}
