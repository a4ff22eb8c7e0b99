package dev.souk.accounts;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a member sees of their own account.
 *
 * @param secondFactor whether signing in takes a code from an authenticator app after the password
 */
public record MemberAccount(
        MemberProfile profile,
        @Nullable String email,
        boolean emailVerified,
        Set<Role> roles,
        MemberStatus status,
        boolean secondFactor) {

    /**
     * Whether the member may act as an operator: the role is not enough, operators must sign in with a
     * second factor.
     */
    public boolean operator() {
        return roles.contains(Role.OPERATOR) && secondFactor;
    }
}
