package io.relay4j.core.internal.router;

import io.relay4j.core.Attempt;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.error.StreamInterrupted;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.internal.stream.PartialText;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The errors a request or a call ends with, built from the request's attempts: each names every attempt as
 * "provider: reason" and carries the other attempts' errors as suppressed, never any prompt or answer text.
 */
final class TerminalErrors {

    /** The most emitted calls a message names; the error itself lists them all. */
    private static final int LISTED_CALLS = 16;

    private TerminalErrors() {
    }

    /** A failure that fails fast ends the request; earlier attempts' errors ride along as suppressed. */
    static LlmException failFast(LlmException failure, List<Attempt> all) {
        for (Attempt attempt : all) {
            attempt.error().filter(e -> e != failure).ifPresent(failure::addSuppressed);
        }
        return failure;
    }

    /** No provider is left to try, or the call budget of {@code maxCalls} is spent. */
    static AllProvidersFailed exhausted(List<Attempt> all, boolean budgetSpent, int maxCalls) {
        String why = budgetSpent
                ? "the attempt budget of " + maxCalls + " calls is spent"
                : "no provider could answer";
        return new AllProvidersFailed(why + summary(all), all);
    }

    /** The provider did not give its whole answer within its first-token or attempt deadline. */
    static LlmException attemptTimedOut(Call call) {
        AttemptDeadlines deadlines = call.slot().deadlines();
        Timeout.Kind kind = deadlines.wholeAnswerKind();
        return new Timeout("no answer within the " + (kind == Timeout.Kind.FIRST_TOKEN ? "first-token" : "attempt")
                + " deadline of " + deadlines.wholeAnswer().toMillis() + " ms", ErrorDetails.of(call.slot().name()), kind);
    }

    /** The provider completed without an answer, which its contract forbids. */
    static LlmException emptyAnswer(Call call) {
        return new MalformedResponse("the provider completed without an answer", ErrorDetails.of(call.slot().name()));
    }

    /** A stream broke after its commit point: the text the consumer received and the failure that broke it. */
    static StreamInterrupted interrupted(PartialText delivered, LlmException cause, List<Attempt> all) {
        return interrupted("stream broke after " + delivered.length() + " characters had reached the consumer ("
                + cause.type().tag() + ")", delivered, cause, all);
    }

    /**
     * As {@link #interrupted}, for a stream that is not resumed because it had emitted tool calls: the message and
     * the error list the complete calls emitted ({@code emittedCalls}, id to name), never their arguments.
     */
    static StreamInterrupted interruptedAfterToolCalls(PartialText delivered, Map<String, String> emittedCalls,
                                                       LlmException cause, List<Attempt> all) {
        return interrupted("stream broke after tool calls were already emitted to the consumer ("
                + describeCalls(emittedCalls) + "), with " + delivered.length() + " characters of text ("
                + cause.type().tag() + "); not resumed, so no tool call is repeated", delivered, emittedCalls,
                cause, all);
    }

    /** The calls as "id name" pairs, at most {@link #LISTED_CALLS} of them. */
    private static String describeCalls(Map<String, String> calls) {
        if (calls.isEmpty()) {
            return "argument fragments only, no complete call";
        }
        StringBuilder sb = new StringBuilder(calls.size() == 1 ? "1 complete call: " : calls.size()
                + " complete calls: ");
        int listed = 0;
        for (Map.Entry<String, String> call : calls.entrySet()) {
            if (listed == LISTED_CALLS) {
                sb.append(", and ").append(calls.size() - listed).append(" more");
                break;
            }
            sb.append(listed == 0 ? "" : ", ").append(call.getKey()).append(' ').append(call.getValue());
            listed++;
        }
        return sb.toString();
    }

    private static StreamInterrupted interrupted(String what, PartialText delivered, LlmException cause,
                                                 List<Attempt> all) {
        return interrupted(what, delivered, Map.of(), cause, all);
    }

    private static StreamInterrupted interrupted(String what, PartialText delivered, Map<String, String> emittedCalls,
                                                 LlmException cause, List<Attempt> all) {
        StreamInterrupted interrupted = StreamInterrupted.of(what + summary(all),
                ErrorDetails.of(cause.provider()), delivered.text(), delivered.length(), emittedCalls, cause);
        for (Attempt attempt : all) {
            attempt.error().filter(e -> e != cause).ifPresent(interrupted::addSuppressed);
        }
        return interrupted;
    }

    /** The request deadline of {@code request} passed; every attempt's error is suppressed in the result. */
    static Timeout requestTimedOut(Duration request, List<Attempt> all) {
        Timeout timeout = new Timeout("no answer within the request timeout of " + request.toMillis()
                + " ms" + summary(all), ErrorDetails.of("router"), Timeout.Kind.REQUEST);
        all.forEach(a -> a.error().ifPresent(timeout::addSuppressed));
        return timeout;
    }

    /** "provider: reason" per attempt, never any prompt or answer text. */
    private static String summary(List<Attempt> all) {
        if (all.isEmpty()) {
            return ": no attempt was made";
        }
        StringBuilder sb = new StringBuilder(": ");
        for (int i = 0; i < all.size(); i++) {
            Attempt a = all.get(i);
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(a.provider()).append(": ");
            if (a.outcome() == Attempt.Outcome.SKIPPED) {
                sb.append("skipped ");
            }
            sb.append(AttemptLog.reasonOf(a));
            if (a.skipReason().orElse(null) == Attempt.SkipReason.MISSING_CAPABILITY && a.detail().isPresent()) {
                // which capability the request needed: the caller learns what to configure, or to drop
                sb.append(" (").append(a.detail().get()).append(')');
            }
        }
        return sb.toString();
    }
}
