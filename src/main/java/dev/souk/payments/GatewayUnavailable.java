package dev.souk.payments;

import org.jspecify.annotations.Nullable;

/** A gateway could not be asked (not configured, unreachable, slow or refusing); trying later may work. */
class GatewayUnavailable extends RuntimeException {

    GatewayUnavailable(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
