/**
 * Members and their accounts: sign-up with email verification, sign-in for pages (session) and API
 * (bearer tokens), two-step verification (authenticator codes, required of operators), password
 * reset, profiles with avatars, account deletion and data export, and the operator role. Other
 * modules ask it who is signed in ({@link dev.souk.accounts.SignedInMember}) and whether a member may
 * act ({@link dev.souk.accounts.Accounts#requireVerified}).
 */
@NullMarked
package dev.souk.accounts;

import org.jspecify.annotations.NullMarked;
