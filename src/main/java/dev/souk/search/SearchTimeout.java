package dev.souk.search;

/**
 * A search took longer than the database allows one ({@code souk.search.statement-timeout}): the API
 * answers 503, the page asks to narrow the search down.
 */
public class SearchTimeout extends RuntimeException {

    SearchTimeout(Throwable cause) {
        super("search timed out", cause);
    }
}
