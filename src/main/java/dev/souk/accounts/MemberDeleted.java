package dev.souk.accounts;

import java.util.UUID;

/**
 * A member deleted their account, and accounts erased its part of their data. Every module that keeps
 * something about members erases or anonymises its own when it hears of this: after the commit, and
 * possibly more than once. Records others rely on stay, naming a "Deleted member".
 */
public record MemberDeleted(UUID memberId) {}
