package dev.souk.accounts;

import java.util.UUID;

/** A member deleted their account: personal data is gone; records others rely on stay. */
public record MemberDeleted(UUID memberId) {}
