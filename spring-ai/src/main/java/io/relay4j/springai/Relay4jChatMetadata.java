package io.relay4j.springai;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmRouter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.model.ChatResponse;

/**
 * What {@link Relay4jChatModel} adds to a {@link ChatResponse}'s {@link ChatResponseMetadata}, and typed accessors for
 * it. A whole answer ({@code call}) carries it; a stream carries it on its last response (the one with the finish
 * reason and the usage). Spring AI's own fields hold the rest: {@link ChatResponseMetadata#getUsage()} (the serving
 * provider's tokens, its relay4j {@link io.relay4j.core.Usage} as the native usage), {@code getModel()} and, for a
 * whole answer, {@code getId()} (the vendor's request id, when it sent one).
 *
 * <pre>{@code
 * ChatResponse response = chatClient.prompt().user("...").call().chatResponse();
 * String provider = Relay4jChatMetadata.provider(response).orElseThrow();   // "gpt" after "claude" failed
 * List<Attempt> attempts = Relay4jChatMetadata.attempts(response);          // claude FAILED, gpt SUCCESS
 * }</pre>
 */
public final class Relay4jChatMetadata {

    /** The name of the provider that served the answer (a {@code String}). */
    public static final String PROVIDER = "relay4j.provider";
    /** How many attempts the router recorded for the answer, skips included (an {@code Integer}). */
    public static final String ATTEMPT_COUNT = "relay4j.attempt-count";
    /**
     * Every attempt the router recorded for the answer, in order, with its provider, kind, outcome, error type or
     * skip reason, latency, usage and cost (an immutable {@code List<}{@link Attempt}{@code >}).
     */
    public static final String ATTEMPTS = "relay4j.attempts";
    /**
     * The cost of the call that produced the answer (a {@link BigDecimal} in the pricing table's currency), present
     * only when the router's {@linkplain LlmRouter.Builder#pricing pricing table} knows the model.
     */
    public static final String COST = "relay4j.cost";

    private Relay4jChatMetadata() {
    }

    /** The serving provider's name; empty on a response that is not the answer's whole or last one. */
    public static Optional<String> provider(ChatResponse response) {
        Object provider = response.getMetadata().get(PROVIDER);
        return provider instanceof String name && !name.isEmpty() ? Optional.of(name) : Optional.empty();
    }

    /** Every attempt made for the answer, in order; empty on a response that is not the answer's whole or last one. */
    @SuppressWarnings("unchecked")
    public static List<Attempt> attempts(ChatResponse response) {
        Object attempts = response.getMetadata().get(ATTEMPTS);
        return attempts instanceof List<?> list ? (List<Attempt>) list : List.of();
    }

    /** The answer's cost, when the pricing table knows the model. */
    public static Optional<BigDecimal> cost(ChatResponse response) {
        Object cost = response.getMetadata().get(COST);
        return cost instanceof BigDecimal amount ? Optional.of(amount) : Optional.empty();
    }
}
