package dev.souk.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.souk.transactions.Process.Action;
import dev.souk.transactions.Process.Guard;
import dev.souk.transactions.Process.Moment;
import dev.souk.transactions.Process.Param;
import dev.souk.transactions.Process.Role;
import dev.souk.transactions.Process.Timer;
import dev.souk.transactions.Process.Transition;
import dev.souk.transactions.Process.Trigger;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProcessFilesTest {

    /** The smallest valid process; each test breaks one line of it. */
    private static final String VALID = """
            process: test
            version: 1
            states:
              open:
              done: {final: true}
            start:
              to: open
              actions: [quote]
            transitions:
              - name: finish
                from: open
                to: done
                by: [customer]
                actions: [notify]
            """;

    @Test
    void theSmallestProcessReadsAsWritten() {
        Process process = ProcessFiles.parse("test.yaml", VALID);

        assertThat(process.key()).isEqualTo("test");
        assertThat(process.version()).isEqualTo(1);
        assertThat(process.states()).isEqualTo(Map.of("open", false, "done", true));
        assertThat(process.start()).isEqualTo(new Process.Start("open", List.of(Action.QUOTE)));
        assertThat(process.transitions())
                .containsExactly(new Transition(
                        "finish",
                        Set.of("open"),
                        "done",
                        Set.of(Role.CUSTOMER),
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        List.of(Action.NOTIFY),
                        Set.of(),
                        10));
        assertThat(process.source()).isEqualTo(VALID);
    }

    @Test
    void requestBookingIsTheProcessTheEngineRuns() throws IOException {
        Process process = builtIn("request-booking");

        assertThat(process.version()).isEqualTo(1);
        assertThat(process.start().to()).isEqualTo("pending-payment");
        assertThat(process.start().actions())
                .containsExactly(Action.QUOTE, Action.RESERVE_DATES, Action.AUTHORIZE_PAYMENT);
        assertThat(process.states())
                .containsOnlyKeys(
                        "pending-payment",
                        "requested",
                        "accepted",
                        "completed",
                        "declined",
                        "expired",
                        "cancelled",
                        "payment-failed");
        assertThat(process.states().entrySet().stream()
                        .filter(Map.Entry::getValue)
                        .map(Map.Entry::getKey))
                .containsExactlyInAnyOrder("completed", "declined", "expired", "cancelled", "payment-failed");

        Transition paid = process.transition("pending-payment", "paid").orElseThrow();
        assertThat(paid.on()).contains(Trigger.PAYMENT_AUTHORIZED);
        assertThat(paid.to()).isEqualTo("requested");
        assertThat(process.transition("pending-payment", "payment-failed")
                        .orElseThrow()
                        .on())
                .contains(Trigger.PAYMENT_FAILED);
        assertThat(process.transition("pending-payment", "abandon")
                        .orElseThrow()
                        .timer())
                .contains(new Timer(Duration.ofHours(1), Moment.ENTERED, Optional.empty()));

        Transition accept = process.transition("requested", "accept").orElseThrow();
        assertThat(accept.by()).containsExactly(Role.PROVIDER);
        assertThat(accept.params()).containsExactly(Param.MESSAGE);
        assertThat(accept.actions()).containsExactly(Action.CAPTURE, Action.NOTIFY);
        assertThat(process.transition("requested", "decline").orElseThrow().actions())
                .containsExactly(Action.VOID, Action.RELEASE_DATES, Action.NOTIFY);
        assertThat(process.transition("requested", "expire").orElseThrow().timer())
                .contains(new Timer(Duration.ofHours(72), Moment.ENTERED, Optional.of(Moment.START)));
        assertThat(process.transition("accepted", "complete").orElseThrow().timer())
                .contains(new Timer(Duration.ofDays(1), Moment.END, Optional.empty()));
        assertThat(process.transition("accepted", "complete").orElseThrow().actions())
                .containsExactly(Action.PAY_OUT, Action.OPEN_REVIEW_WINDOW, Action.NOTIFY);

        assertThat(cancel(process, "requested", Role.CUSTOMER).actions())
                .containsExactly(Action.VOID, Action.RELEASE_DATES, Action.NOTIFY);
        assertThat(cancel(process, "requested", Role.PROVIDER)).isEqualTo(cancel(process, "requested", Role.OPERATOR));
        Transition byCustomer = cancel(process, "accepted", Role.CUSTOMER);
        assertThat(byCustomer.guards()).containsExactly(Guard.BEFORE_START);
        assertThat(byCustomer.actions()).containsExactly(Action.REFUND_BY_POLICY, Action.RELEASE_DATES, Action.NOTIFY);
        Transition byProvider = cancel(process, "accepted", Role.PROVIDER);
        assertThat(byProvider.guards()).isEmpty();
        assertThat(byProvider.actions()).containsExactly(Action.REFUND_IN_FULL, Action.RELEASE_DATES, Action.NOTIFY);
        assertThat(cancel(process, "accepted", Role.OPERATOR)).isEqualTo(byProvider);
    }

    @Test
    void instantBookingIsAcceptedOnPaymentAndHasNoRequest() throws IOException {
        Process process = builtIn("instant-booking");

        assertThat(process.states()).doesNotContainKeys("requested", "declined", "expired");
        Transition paid = process.transition("pending-payment", "paid").orElseThrow();
        assertThat(paid.to()).isEqualTo("accepted");
        assertThat(paid.actions()).containsExactly(Action.CAPTURE, Action.NOTIFY);
        assertThat(cancel(process, "accepted", Role.CUSTOMER).actions()).contains(Action.REFUND_BY_POLICY);
        assertThat(cancel(process, "accepted", Role.OPERATOR).actions()).contains(Action.REFUND_IN_FULL);
        assertThat(process.transition("accepted", "complete")).isPresent();
    }

    @Test
    void purchaseShipsAndIsReceivedOrDisputed() throws IOException {
        Process process = builtIn("purchase");

        assertThat(process.start().actions())
                .containsExactly(Action.QUOTE, Action.RESERVE_STOCK, Action.AUTHORIZE_PAYMENT);
        assertThat(process.transition("pending-payment", "paid").orElseThrow().to())
                .isEqualTo("paid");
        assertThat(process.transition("paid", "ship").orElseThrow().by()).containsExactly(Role.PROVIDER);
        assertThat(process.transition("paid", "cancel").orElseThrow().by())
                .containsExactlyInAnyOrder(Role.CUSTOMER, Role.PROVIDER, Role.OPERATOR);
        assertThat(process.transition("shipped", "auto-receive").orElseThrow().timer())
                .contains(new Timer(Duration.ofDays(14), Moment.ENTERED, Optional.empty()));
        assertThat(process.transition("shipped", "auto-receive").orElseThrow().actions())
                .isEqualTo(
                        process.transition("shipped", "receive").orElseThrow().actions());
        Transition resolve = process.transition("disputed", "resolve").orElseThrow();
        assertThat(resolve.by()).containsExactly(Role.OPERATOR);
        assertThat(resolve.params()).containsExactlyInAnyOrder(Param.REFUND, Param.MESSAGE);
        assertThat(resolve.actions())
                .containsExactly(Action.REFUND_AMOUNT, Action.PAY_OUT, Action.OPEN_REVIEW_WINDOW, Action.NOTIFY);
        assertThat(process.isFinal("resolved")).isTrue();
    }

    @Test
    void anInquiryStartsWithNoActionAndIsClosedByEitherParty() throws IOException {
        Process process = builtIn("inquiry");

        assertThat(process.start().actions()).isEmpty();
        assertThat(process.transition("inquiring", "close").orElseThrow().by())
                .containsExactlyInAnyOrder(Role.CUSTOMER, Role.PROVIDER);
    }

    @Test
    void aNameRepeatsWhereFromStatesOrTakersDiffer() {
        Process process = ProcessFiles.parse("test.yaml", VALID + """
                  - name: finish
                    from: open
                    to: done
                    by: [provider]
                  - name: finish
                    from: open
                    to: done
                    timer: {after: 30m}
                """);

        assertThat(process.from("open")).hasSize(3);
    }

    @Test
    void aListSharedThroughAnAliasReadsAsWritten() {
        Process process =
                ProcessFiles.parse("test.yaml", VALID.replace("actions: [notify]", "actions: &told [notify]") + """
                  - name: finish
                    from: open
                    to: done
                    by: [operator]
                    actions: *told
                """);

        assertThat(process.transitions())
                .allSatisfy(t -> assertThat(t.actions()).containsExactly(Action.NOTIFY));
    }

    // --- one test per rule ------------------------------------------------------------------------

    @Test
    void yamlSyntaxErrorsNameTheirLine() {
        assertThat(refused(VALID.replace("  open:", "  open: [unclosed")))
                .startsWith("test.yaml:5: ")
                .contains("expected ',' or ']'");
    }

    @Test
    void controlCharactersAreRefusedWhereTheyAre() {
        assertThat(refused(VALID.replace("  open:", "  open:\u0007")))
                .isEqualTo("test.yaml:4: a character that is not allowed: U+0007");
    }

    @Test
    void aSecondDocumentIsRefused() {
        assertThat(refused(VALID + "---\nprocess: other\n")).startsWith("test.yaml:15: but found another document");
    }

    @Test
    void anEmptyFileIsRefused() {
        assertThat(refused("# nothing here\n")).isEqualTo("test.yaml:1: the file is empty; it must define a process");
    }

    @Test
    void aFileThatIsNotAMappingIsRefused() {
        assertThat(refused("- a\n- b\n")).isEqualTo("test.yaml:1: the file must be a mapping of keys to values");
    }

    @Test
    void aMissingTopLevelKeyIsRefused() {
        assertThat(refused(VALID.replace("version: 1\n", ""))).isEqualTo("test.yaml:1: the file needs 'version'");
    }

    @Test
    void anUnknownTopLevelKeyIsRefused() {
        assertThat(refused(VALID.replace("version: 1", "version: 1\ndescription: hello")))
                .isEqualTo("test.yaml:3: unknown key 'description' in the file;"
                        + " expected process, version, states, start, transitions");
    }

    @Test
    void aKeyWrittenTwiceIsRefused() {
        assertThat(refused(VALID.replace("  done: {final: true}", "  done: {final: true}\n  open:")))
                .isEqualTo("test.yaml:6: 'states' has 'open' twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1.5", "one", "'1e3'", "9999999999"})
    void aVersionMustBeAPositiveWholeNumber(String version) {
        assertThat(refused(VALID.replace("version: 1", "version: " + version)))
                .startsWith("test.yaml:2: 'version' must be a positive whole number, not '");
    }

    @Test
    void aProcessKeyIsLowerCaseWords() {
        assertThat(refused(VALID.replace("process: test", "process: Test Process")))
                .isEqualTo("test.yaml:1: 'process' must be lower-case words joined by '-', such as"
                        + " pending-payment, not 'Test Process'");
    }

    @Test
    void anUnknownKeyInAStateIsRefused() {
        assertThat(refused(VALID.replace("{final: true}", "{final: true, terminal: true}")))
                .isEqualTo("test.yaml:5: unknown key 'terminal' in state 'done'; expected final");
    }

    @Test
    void aStateTakesOnlyFinal() {
        assertThat(refused(VALID.replace("  open:", "  open: yes")))
                .isEqualTo("test.yaml:4: state 'open' takes nothing or {final: true}");
        assertThat(refused(VALID.replace("{final: true}", "{final: maybe}")))
                .isEqualTo("test.yaml:5: 'final' must be true or false, not 'maybe'");
    }

    @Test
    void anUnknownKeyInATransitionIsRefused() {
        assertThat(refused(VALID.replace("    to: done", "    to: done\n    when: later")))
                .isEqualTo("test.yaml:13: unknown key 'when' in a transition;"
                        + " expected name, from, to, by, on, timer, params, guards, actions");
    }

    @Test
    void anUnknownKeyInATimerIsRefused() {
        assertThat(refused(VALID.replace("by: [customer]", "timer: {after: 1h, before: start}")))
                .isEqualTo("test.yaml:13: unknown key 'before' in the timer of transition 'finish';"
                        + " expected after, relative-to, not-later-than");
    }

    @Test
    void anUnknownActionIsRefused() {
        assertThat(refused(VALID.replace("actions: [notify]", "actions: [notify, send-flowers]")))
                .isEqualTo("test.yaml:14: unknown action 'send-flowers'; one of quote, reserve-dates,"
                        + " release-dates, reserve-stock, release-stock, authorize-payment, capture, void,"
                        + " refund-by-policy, refund-in-full, refund-amount, pay-out, open-review-window, notify");
        assertThat(refused(VALID.replace("actions: [quote]", "actions: [quote, bill]")))
                .startsWith("test.yaml:8: unknown action 'bill'; one of ");
    }

    @Test
    void anActionListedTwiceIsRefused() {
        assertThat(refused(VALID.replace("actions: [notify]", "actions: [notify, notify]")))
                .isEqualTo("test.yaml:14: action notify is listed twice");
    }

    @Test
    void anUnknownRoleIsRefused() {
        assertThat(refused(VALID.replace("by: [customer]", "by: [customer, host]")))
                .isEqualTo("test.yaml:13: unknown role 'host'; one of customer, provider, operator");
    }

    @Test
    void anUnknownGuardIsRefused() {
        assertThat(refused(VALID.replace("by: [customer]", "by: [customer]\n    guards: [on-weekdays]")))
                .isEqualTo("test.yaml:14: unknown guard 'on-weekdays'; one of before-start, after-end");
    }

    @Test
    void anUnknownParamIsRefused() {
        assertThat(refused(VALID.replace("by: [customer]", "by: [customer]\n    params: [photo]")))
                .isEqualTo("test.yaml:14: unknown param 'photo'; one of message, refund, price");
    }

    @Test
    void paramsNeedSomeoneToPassThem() {
        assertThat(refused(VALID.replace("by: [customer]", "on: payment-failed\n    params: [message]")))
                .isEqualTo("test.yaml:14: transition 'finish' takes params, but only someone named in 'by'"
                        + " could pass them");
    }

    @Test
    void anUnknownTriggerIsRefused() {
        assertThat(refused(VALID.replace("by: [customer]", "on: payment-refunded")))
                .isEqualTo("test.yaml:13: unknown trigger 'payment-refunded'; one of payment-authorized,"
                        + " payment-failed");
    }

    @Test
    void anUnknownMomentIsRefused() {
        assertThat(refused(VALID.replace("by: [customer]", "timer: {after: 1h, relative-to: checkout}")))
                .isEqualTo("test.yaml:13: unknown moment 'checkout'; one of entered, start, end");
        assertThat(refused(VALID.replace("by: [customer]", "timer:\n      after: 1h\n      not-later-than: noon")))
                .isEqualTo("test.yaml:15: unknown moment 'noon'; one of entered, start, end");
    }

    @Test
    void aTransitionFromAnUnknownStateIsRefused() {
        assertThat(refused(VALID.replace("from: open", "from: [open, waiting]")))
                .isEqualTo("test.yaml:11: unknown state 'waiting'; 'states' names open, done");
    }

    @Test
    void aTransitionToAnUnknownStateIsRefused() {
        assertThat(refused(VALID.replace("to: done", "to: finished")))
                .isEqualTo("test.yaml:12: unknown state 'finished'; 'states' names open, done");
    }

    @Test
    void aTransitionNeedsATo() {
        assertThat(refused(VALID.replace("    to: done\n", "")))
                .isEqualTo("test.yaml:10: transition 'finish' needs 'to'");
    }

    @Test
    void aTransitionTakenByNothingIsRefused() {
        assertThat(refused(VALID.replace("    by: [customer]\n", "")))
                .isEqualTo("test.yaml:10: transition 'finish' is taken by nothing: give it 'by' (who takes it),"
                        + " 'on' (an event) or a 'timer'");
        assertThat(refused(VALID.replace("by: [customer]", "by: []")))
                .startsWith("test.yaml:10: transition 'finish' is taken by nothing");
    }

    @Test
    void aTimerWithByOrOnIsRefused() {
        String expected = "test.yaml:14: transition 'finish' has a timer and also 'by' or 'on'; a timer takes"
                + " a transition by itself, so write the other way as a transition of its own";
        assertThat(refused(VALID.replace("by: [customer]", "by: [customer]\n    timer: {after: 1h}")))
                .isEqualTo(expected);
        assertThat(refused(VALID.replace("by: [customer]", "on: payment-failed\n    timer: {after: 1h}")))
                .isEqualTo(expected);
    }

    @Test
    void aTimerWithoutAfterIsRefused() {
        assertThat(refused(VALID.replace("by: [customer]", "timer: {relative-to: end}")))
                .isEqualTo("test.yaml:13: the timer of transition 'finish' needs 'after'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-1h", "1.5h", "10s", "1w", "1 h", "''", "1h30m"})
    void aDelayThatIsNotANumberAndAUnitIsRefused(String delay) {
        assertThat(refused(VALID.replace("by: [customer]", "timer: {after: " + delay + "}")))
                .startsWith("test.yaml:13: 'after' must be a whole number and a unit, m (minutes), h (hours) or d"
                        + " (days), such as 72h; not '");
    }

    @Test
    void aDelayOfNothingIsRefused() {
        assertThat(refused(VALID.replace("by: [customer]", "timer: {after: 0h}")))
                .isEqualTo("test.yaml:13: 'after' must be longer than nothing, not 0h");
    }

    @Test
    void aDelayOverAYearIsRefused() {
        assertThat(ProcessFiles.parse("test.yaml", VALID.replace("by: [customer]", "timer: {after: 366d}"))
                        .transitions()
                        .get(0)
                        .timer())
                .map(Timer::after)
                .contains(Duration.ofDays(366));
        assertThat(refused(VALID.replace("by: [customer]", "timer: {after: 8785h}")))
                .isEqualTo("test.yaml:13: 'after' may be at most 366 days, not 8785h");
        assertThat(refused(VALID.replace("by: [customer]", "timer: {after: 999999999d}")))
                .isEqualTo("test.yaml:13: 'after' may be at most 366 days, not 999999999d");
    }

    @Test
    void theSameNameFromTheSameStateByTheSameRoleIsRefused() {
        assertThat(refused(VALID + """
                  - name: finish
                    from: [open]
                    to: done
                    by: [provider, customer]
                """))
                .startsWith("test.yaml:15: ")
                .contains("transition 'finish' from 'open' by customer is already written at line 10");
    }

    @Test
    void theSameNameFromTheSameStateByTimerTwiceIsRefused() {
        String timers = VALID.replace("by: [customer]", "timer: {after: 1h}") + """
                  - name: finish
                    from: open
                    to: done
                    timer: {after: 2h}
                """;
        assertThat(refused(timers))
                .isEqualTo("test.yaml:15: transition 'finish' from 'open' by its timer is already written at line 10;"
                        + " entries of one name must differ in 'from' or in who takes them");
    }

    @Test
    void anEventTakesOneTransitionFromAState() {
        assertThat(refused(VALID.replace("by: [customer]", "on: payment-failed") + """
                  - name: fail
                    from: open
                    to: done
                    on: payment-failed
                """))
                .isEqualTo("test.yaml:15: 'open' already leaves on payment-failed by transition 'finish' at line 10;"
                        + " an event takes one transition from a state");
    }

    @Test
    void aStateUnreachableFromTheStartIsRefused() {
        assertThat(refused(VALID.replace("  open:", "  open:\n  lost:") + """
                  - name: leave
                    from: lost
                    to: done
                    by: [operator]
                """))
                .isEqualTo("test.yaml:5: state 'lost' can't be reached from 'open', where transactions start");
    }

    @Test
    void aStateWithNoWayOutIsRefused() {
        assertThat(refused(VALID.replace("  open:", "  open:\n  stuck:") + """
                  - name: wait
                    from: open
                    to: stuck
                    by: [customer]
                """))
                .isEqualTo("test.yaml:5: state 'stuck' has no way out: add a transition from it, or mark it"
                        + " {final: true}");
    }

    @Test
    void aStateFromWhichNoFinalStateCanBeReachedIsRefused() {
        assertThat(refused(VALID.replace("  open:", "  open:\n  loop-a:\n  loop-b:") + """
                  - name: wander
                    from: [open, loop-a]
                    to: loop-b
                    by: [customer]
                  - name: wander
                    from: loop-b
                    to: loop-a
                    by: [customer]
                """))
                .isEqualTo("test.yaml:5: state 'loop-a' never leads to a final state: every way out of it comes back");
    }

    @Test
    void aTransitionOutOfAFinalStateIsRefused() {
        assertThat(refused(VALID + """
                  - name: reopen
                    from: [done]
                    to: open
                    by: [operator]
                """))
                .isEqualTo("test.yaml:16: transition 'reopen' leaves 'done', a final state: nothing happens after one");
    }

    @Test
    void theStartMustBeAKnownStateThatIsNotFinal() {
        assertThat(refused(VALID.replace("to: open", "to: opening")))
                .isEqualTo("test.yaml:7: unknown state 'opening'; 'states' names open, done");
        assertThat(refused(VALID.replace("to: open", "to: done")))
                .isEqualTo("test.yaml:7: a transaction can't start in 'done': it is a final state");
    }

    @Test
    void aFileThatIsNotUtf8IsRefused() {
        byte[] latin1 = (VALID + "# café\n").getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> ProcessFiles.read("test.yaml", new ByteArrayInputStream(latin1)))
                .isInstanceOf(ProcessFileException.class)
                .hasMessage("test.yaml:15: the file is not UTF-8 text");
    }

    // --- hostile files ----------------------------------------------------------------------------

    @Test
    void deepNestingIsRefusedFast() {
        String deep = "process: " + "[".repeat(20_000) + "\n";

        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(1), () -> refused(deep)))
                .startsWith("test.yaml:1: ")
                .contains("Nesting Depth");
    }

    @Test
    void anAliasBombIsRefusedFast() {
        StringBuilder bomb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            String previous = "*" + (char) (c - 1);
            bomb.append(c)
                    .append(": &")
                    .append(c)
                    .append(" [")
                    .append(String.join(", ", Collections.nCopies(9, previous)))
                    .append("]\n");
        }

        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(1), () -> refused(bomb.toString())))
                .startsWith("test.yaml:3: ")
                .contains("aliases");
    }

    @Test
    void theLargestFileTakenIsCheckedFast() {
        StringBuilder large = new StringBuilder(VALID.replace("  open:", "  open:\n  busy:")
                + "  - {name: finish, from: busy, to: done, by: customer}\n");
        for (int i = 0; large.length() < ProcessFiles.MAX_BYTES - 100; i++) {
            large.append("  - {name: t").append(i).append(", from: [open, busy], to: busy, by: customer}\n");
        }

        Process process = assertTimeoutPreemptively(
                Duration.ofSeconds(2), () -> ProcessFiles.parse("test.yaml", large.toString()));
        assertThat(process.transitions()).hasSizeGreaterThan(1000);
    }

    @Test
    void aMegabyteFileIsRefusedFastAndUnread() {
        String large = VALID + ("# " + "x".repeat(1022) + "\n").repeat(1024);
        CountingStream stream = new CountingStream(large.getBytes(StandardCharsets.UTF_8));

        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            assertThat(refused(large))
                    .isEqualTo("test.yaml:1: the file is larger than 64 KiB, the most a process" + " file may be");
            assertThatThrownBy(() -> ProcessFiles.read("test.yaml", stream))
                    .hasMessage("test.yaml:1: the file is larger than 64 KiB, the most a process file may be");
        });
        assertThat(stream.read).as("read no further than the limit").isEqualTo(ProcessFiles.MAX_BYTES + 1);
    }

    // --- reading --------------------------------------------------------------------------------

    private static String refused(String yaml) {
        try {
            ProcessFiles.parse("test.yaml", yaml);
        } catch (ProcessFileException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted:\n" + yaml);
    }

    private static Process builtIn(String key) throws IOException {
        String file = "processes/" + key + ".yaml";
        try (InputStream in = ProcessFilesTest.class.getClassLoader().getResourceAsStream(file)) {
            Process process = ProcessFiles.read(file, in);
            assertThat(process.key()).isEqualTo(key);
            return process;
        }
    }

    private static Transition cancel(Process process, String from, Role by) {
        return process.from(from).stream()
                .filter(t -> t.name().equals("cancel") && t.by().contains(by))
                .findFirst()
                .orElseThrow();
    }

    private static final class CountingStream extends InputStream {
        private final byte[] bytes;
        int read;

        CountingStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return read < bytes.length ? bytes[read++] & 0xff : -1;
        }
    }
}
