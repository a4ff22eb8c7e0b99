package dev.souk.transactions;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A transaction process as its YAML file defines it: states, how a transaction starts, and the
 * transitions between states. Immutable; parsed and validated by {@link ProcessFiles}.
 *
 * @param key e.g. {@code request-booking}
 * @param version raised whenever the file changes; a transaction keeps the version it started with
 * @param states every state by name, with whether it is final
 * @param start the state a transaction starts in and the actions that start it
 * @param transitions in file order
 * @param source the file's text, kept so that older versions stay runnable
 */
record Process(
        String key,
        int version,
        Map<String, Boolean> states,
        Start start,
        List<Transition> transitions,
        String source) {

    Process {
        states = Map.copyOf(states);
        transitions = List.copyOf(transitions);
    }

    record Start(String to, List<Action> actions) {
        Start {
            actions = List.copyOf(actions);
        }
    }

    /**
     * One way from some states to another.
     *
     * @param by who may take it; empty when only an event or a timer takes it
     * @param on the event that takes it, if any
     * @param timer when it is taken by itself, if at all
     * @param guards all must hold for it to be available
     * @param params what the caller may pass along (e.g. a message, a refund amount)
     * @param line where it is written, for errors about it
     */
    record Transition(
            String name,
            Set<String> from,
            String to,
            Set<Role> by,
            Optional<Trigger> on,
            Optional<Timer> timer,
            List<Guard> guards,
            List<Action> actions,
            Set<Param> params,
            int line) {

        Transition {
            from = Set.copyOf(from);
            by = Set.copyOf(by);
            guards = List.copyOf(guards);
            actions = List.copyOf(actions);
            params = Set.copyOf(params);
        }
    }

    /**
     * A transition taken by itself, {@code after} a delay from {@code relativeTo}, and no later than
     * {@code notLaterThan} if given.
     */
    record Timer(java.time.Duration after, Moment relativeTo, Optional<Moment> notLaterThan) {}

    /** What a timer is relative to. */
    enum Moment {
        /** when the transaction entered the transition's state */
        ENTERED,
        /** the booking's start */
        START,
        /** the booking's end */
        END
    }

    /** Who takes a transition. */
    enum Role {
        CUSTOMER,
        PROVIDER,
        OPERATOR
    }

    /** Events from other modules that take a transition. */
    enum Trigger {
        PAYMENT_AUTHORIZED,
        PAYMENT_FAILED
    }

    /** Conditions a transition may require. */
    enum Guard {
        /** the booking has not started yet */
        BEFORE_START,
        /** the booking has ended */
        AFTER_END
    }

    /** What a caller may pass along with a transition. */
    enum Param {
        /** a note to the other party, posted in the transaction's conversation */
        MESSAGE,
        /** an amount to refund, in minor units of the transaction's currency */
        REFUND,
        /** the price of the provider's offer, in minor units of the marketplace's currency */
        PRICE
    }

    /** The fixed library of actions a transition runs, in the order the file lists them. */
    enum Action {
        /**
         * prices the request into line items, refusing what the listing doesn't allow; in a transition
         * with a {@link Param#PRICE}, prices the provider's offer
         */
        QUOTE,
        /** takes the dates, seats or slots; the database refuses a collision */
        RESERVE_DATES,
        RELEASE_DATES,
        /** takes the quantity from the listing's stock, never below zero */
        RESERVE_STOCK,
        RELEASE_STOCK,
        /** starts the payment: a hold on the customer's card, or an agreed direct payment */
        AUTHORIZE_PAYMENT,
        CAPTURE,
        /** releases the hold */
        VOID,
        /** gives back what the listing's cancellation policy gives, now */
        REFUND_BY_POLICY,
        /** gives back everything (cancelled by the provider or the operator) */
        REFUND_IN_FULL,
        /** gives back the {@link Param#REFUND} amount */
        REFUND_AMOUNT,
        PAY_OUT,
        /** announces that the parties may now review each other */
        OPEN_REVIEW_WINDOW,
        /** tells the parties what happened */
        NOTIFY;

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    boolean isFinal(String state) {
        return states.getOrDefault(state, false);
    }

    List<Transition> from(String state) {
        return transitions.stream().filter(t -> t.from().contains(state)).toList();
    }

    Optional<Transition> transition(String state, String name) {
        return from(state).stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
