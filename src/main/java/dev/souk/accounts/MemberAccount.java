package dev.souk.accounts;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/** What a member sees of their own account. */
public record MemberAccount(
        MemberProfile profile, @Nullable String email, boolean emailVerified, Set<Role> roles, MemberStatus status) {

    public boolean operator() {
        return roles.contains(Role.OPERATOR);
    }
}
