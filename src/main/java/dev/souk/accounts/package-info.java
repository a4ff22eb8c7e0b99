/**
 * Members and their accounts: sign-up with email verification, sign-in for pages (session) and API
 * (bearer tokens), two-step verification (authenticator codes, required of operators), password
 * reset, profiles with avatars, account deletion and data export, and the operator role; and the
 * application's security configuration (Spring Security for pages and API). Other modules ask it who
 * is signed in ({@link dev.souk.accounts.SignedInMember}) and whether a member may act ({@link
 * dev.souk.accounts.Accounts#requireVerified}); they add their part to the data export ({@link
 * dev.souk.accounts.PersonalData}) and erase it when an account is deleted ({@link
 * dev.souk.accounts.MemberDeleted}); profiles show the ratings {@link dev.souk.accounts.MemberRatings}
 * gives, which the reviews module implements. The facade {@link dev.souk.accounts.Accounts} decides;
 * {@code AccountStore} and the token stores read and write.
 */
@NullMarked
package dev.souk.accounts;

import org.jspecify.annotations.NullMarked;
