package dev.souk.accounts;

import java.util.UUID;

/**
 * A module's part of "download my data" ({@link Accounts#export}). Every module that keeps something
 * about members implements it over its own tables; accounts collects the parts from the application
 * context and never reads other modules' tables. The other half, forgetting a member, is each module's
 * listener of {@link MemberDeleted}.
 */
public interface PersonalData {

    /** The name of this part in the export, e.g. {@code "listings"}; one per module. */
    String part();

    /**
     * Everything the module keeps about the member, as values that write as JSON (maps, lists, records,
     * strings, numbers, booleans, instants).
     */
    Object export(UUID memberId);
}
