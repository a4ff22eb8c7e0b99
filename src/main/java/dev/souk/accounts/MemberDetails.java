package dev.souk.accounts;

import java.util.UUID;
import org.springframework.security.core.GrantedAuthority;
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

    static UserDetails of(Member member) {
        return User.withUsername(member.id().toString())
                .password(member.passwordHash() == null ? "" : member.passwordHash())
                .authorities(member.roles().stream()
                        .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role.name()))
                        .toList())
                .disabled(member.status() != MemberStatus.ACTIVE)
                .build();
    }
}
