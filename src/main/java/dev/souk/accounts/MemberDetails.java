package dev.souk.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Spring Security's view of a member. Its user name is the member id, never the email, so sessions
 * survive an email change and can be found by member to sign them out.
 */
@Component
class MemberDetails implements UserDetailsService {

    static final String SECOND_FACTOR = "FACTOR_TOTP";

    private final Accounts accounts;

    MemberDetails(Accounts accounts) {
        this.accounts = accounts;
    }

    /** Used by "remember me", which stores the member id. */
    @Override
    public UserDetails loadUserByUsername(String memberId) {
        UUID id;
        try {
            id = UUID.fromString(memberId);
        } catch (IllegalArgumentException e) {
            throw new UsernameNotFoundException("not a member id");
        }
        return accounts.find(id)
                .map(MemberDetails::of)
                .orElseThrow(() -> new UsernameNotFoundException("no such member"));
    }

    /**
     * The member's roles, and {@value #SECOND_FACTOR} when they sign in with an authenticator code: every
     * session and "remember me" cookie of such a member began with one. The operator console asks for both.
     */
    static UserDetails of(Member member) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        member.roles().forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role.name())));
        if (member.secondFactor()) {
            authorities.add(FactorGrantedAuthority.fromAuthority(SECOND_FACTOR));
        }
        return User.withUsername(member.id().toString())
                .password(member.passwordHash() == null ? "" : member.passwordHash())
                .authorities(authorities)
                .disabled(member.status() != MemberStatus.ACTIVE)
                .build();
    }
}
