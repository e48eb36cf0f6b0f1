package io.relay4j.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import io.relay4j.core.Attempt;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The metadata of an answer from {@link Relay4jChatModel} or {@link Relay4jStreamingChatModel}: LangChain4j's id,
 * model name, token usage and finish reason, plus how relay4j obtained the answer: the provider that served it, every
 * attempt (failed, skipped, hedged, cancelled), the cost of the answer and the whole request's latency.
 *
 * <p>Read it with {@code (Relay4jChatResponseMetadata) chatResponse.metadata()}: every {@code ChatResponse} the
 * adapters return carries one, and so does the response a {@code ChatModelListener} sees. Immutable; attempts are
 * in the order the router made them. {@link #toString()} never shows content.
 */
public final class Relay4jChatResponseMetadata extends ChatResponseMetadata {

    private final String provider;
    private final List<Attempt> attempts;
    private final Optional<BigDecimal> cost;
    private final Duration latency;

    private Relay4jChatResponseMetadata(Builder builder) {
        super(builder);
        this.provider = builder.provider;
        this.attempts = builder.attempts;
        this.cost = builder.cost;
        this.latency = builder.latency;
    }

    /** A builder; the provider defaults to empty text, the attempts to none, the cost to empty, the latency to zero. */
    public static Builder builder() {
        return new Builder();
    }

    /** The name (on the router) of the provider that served the answer. */
    public String provider() {
        return provider;
    }

    /** Every attempt the router made for this answer, the winning one included. */
    public List<Attempt> attempts() {
        return attempts;
    }

    /** What the answer cost, attempts that failed but were billed included; empty when the pricing table lacks the model. */
    public Optional<BigDecimal> cost() {
        return cost;
    }

    /** From the request to the whole answer (for a stream: from the subscription to its last chunk). */
    public Duration latency() {
        return latency;
    }

    @Override
    public Builder toBuilder() {
        Builder builder = builder();
        toBuilder(builder);
        return builder.provider(provider).attempts(attempts).cost(cost).latency(latency);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Relay4jChatResponseMetadata other && super.equals(o) && provider.equals(other.provider)
                && attempts.equals(other.attempts) && cost.equals(other.cost) && latency.equals(other.latency);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), provider, attempts, cost, latency);
    }

    @Override
    public String toString() {
        return "Relay4jChatResponseMetadata{id=" + id() + ", modelName=" + modelName() + ", tokenUsage=" + tokenUsage()
                + ", finishReason=" + finishReason() + ", provider=" + provider + ", attempts=" + attempts.size()
                + ", cost=" + cost.map(BigDecimal::toPlainString).orElse("unknown") + ", latency=" + latency + "}";
    }

    /** Builds a {@link Relay4jChatResponseMetadata}; each setter refuses a null at once. Not thread-safe. */
    public static final class Builder extends ChatResponseMetadata.Builder<Builder> {

        private String provider = "";
        private List<Attempt> attempts = List.of();
        private Optional<BigDecimal> cost = Optional.empty();
        private Duration latency = Duration.ZERO;

        private Builder() {
        }

        /** The provider that served the answer. */
        public Builder provider(String provider) {
            this.provider = Objects.requireNonNull(provider, "provider must not be null");
            return this;
        }

        /** The router's attempts, in order. */
        public Builder attempts(List<Attempt> attempts) {
            this.attempts = List.copyOf(Objects.requireNonNull(attempts, "attempts must not be null"));
            return this;
        }

        /** The answer's cost, or empty when unknown. */
        public Builder cost(Optional<BigDecimal> cost) {
            this.cost = Objects.requireNonNull(cost, "cost must not be null (use Optional.empty())");
            return this;
        }

        /** The request's latency, zero or more. */
        public Builder latency(Duration latency) {
            Objects.requireNonNull(latency, "latency must not be null");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must be zero or more, got " + latency);
            }
            this.latency = latency;
            return this;
        }

        @Override
        public Relay4jChatResponseMetadata build() {
            return new Relay4jChatResponseMetadata(this);
        }
    }
}
