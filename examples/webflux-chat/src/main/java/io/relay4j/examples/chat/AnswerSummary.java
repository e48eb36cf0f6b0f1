package io.relay4j.examples.chat;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmChunk;
import java.util.List;

/**
 * The data of the {@code done} event that ends an answer: the provider that served it, the model, and every
 * attempt the router made for it, in order (a banned primary's failure, a provider skipped while it cools down,
 * the one that succeeded).
 */
record AnswerSummary(String provider, String model, List<AttemptView> attempts) {

    /**
     * One attempt: the provider, why it was made ({@code PRIMARY}, {@code FALLBACK}, {@code RETRY} ...), how it
     * ended ({@code SUCCESS}, {@code FAILED}, {@code SKIPPED}, {@code CANCELLED}) and, when it did not succeed, the
     * error type ({@code POLICY_VIOLATION} for a ban) or the skip reason ({@code COOLING_DOWN}); empty otherwise.
     */
    record AttemptView(String provider, String kind, String outcome, String reason) {

        static AttemptView of(Attempt attempt) {
            String reason = attempt.errorType().map(Enum::name)
                    .or(() -> attempt.skipReason().map(Enum::name))
                    .orElse("");
            return new AttemptView(attempt.provider(), attempt.kind().name(), attempt.outcome().name(), reason);
        }
    }

    static AnswerSummary of(LlmChunk last) {
        return new AnswerSummary(last.provider().orElse(""), last.model().orElse(""), views(last.attempts()));
    }

    static List<AttemptView> views(List<Attempt> attempts) {
        return attempts.stream().map(AttemptView::of).toList();
    }
}
