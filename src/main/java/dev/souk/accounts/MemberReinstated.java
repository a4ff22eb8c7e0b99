package dev.souk.accounts;

import java.util.UUID;

/** An operator lifted a member's suspension. */
public record MemberReinstated(UUID memberId) {}
