package dev.souk.accounts;

import java.util.UUID;

/** An operator suspended a member: their listings should be hidden. */
public record MemberSuspended(UUID memberId) {}
