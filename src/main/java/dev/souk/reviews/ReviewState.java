package dev.souk.reviews;

/** Where a review stands for its readers. */
public enum ReviewState {
    /** Written; only its author sees it until the other party has reviewed or the window closes. */
    WAITING,
    PUBLISHED,
    /** Hidden by an operator: only its author and operators see it. */
    HIDDEN;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
