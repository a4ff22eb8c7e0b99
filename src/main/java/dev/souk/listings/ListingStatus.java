package dev.souk.listings;

/** Where a listing is in its lifecycle; deletion is not a status but the end of the listing. */
public enum ListingStatus {
    DRAFT("draft"),
    /** Waiting for an operator, when the marketplace requires approval. */
    PENDING_APPROVAL("pendingApproval"),
    PUBLISHED("published"),
    CLOSED("closed");

    private final String key;

    ListingStatus(String key) {
        this.key = key;
    }

    /** The name in JSON and in the database. */
    public String key() {
        return key;
    }

    public static ListingStatus ofKey(String key) {
        for (ListingStatus status : values()) {
            if (status.key.equals(key)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown listing status " + key);
    }
}
