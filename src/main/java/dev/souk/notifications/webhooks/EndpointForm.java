package dev.souk.notifications.webhooks;

import java.util.List;

/** What the form adding an endpoint shows, again with what was typed after a refusal. */
public record EndpointForm(String url, String description, List<String> events) {

    public EndpointForm {
        events = List.copyOf(events);
    }

    static EndpointForm empty() {
        return new EndpointForm("", "", List.of());
    }
}
