/**
 * Outbound webhooks: the operator registers endpoints and the events each wants; every such event is
 * recorded as one delivery per endpoint in the transaction that hears of it, then posted, signed with
 * the endpoint's secret, by workers on every node that each claim what they send, and retried with
 * growing delays for a day. An endpoint that keeps failing is paused and the operators are told. The facade is {@link
 * dev.souk.notifications.webhooks.Webhooks}; pages under {@code /admin/webhooks}, API under {@code
 * /api/v1/admin/webhooks}.
 */
@NullMarked
package dev.souk.notifications.webhooks;

import org.jspecify.annotations.NullMarked;
