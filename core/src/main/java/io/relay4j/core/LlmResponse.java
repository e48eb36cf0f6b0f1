package io.relay4j.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole answer, and how it was obtained. The answer itself is an assistant {@link #message()}: its text
 * ({@link #content()}), tool calls ({@link #toolCalls()}), reasoning and the vendor's opaque state; appending that
 * message to the conversation is all a caller does before the next turn. Immutable; a provider builds one with {@link #builder()}, the router
 * adds its attempts and cost with {@link #withRouting}. {@link #toString()} never shows the content.
 */
public final class LlmResponse {

    private final Message message;
    private final String provider;
    private final String model;
    private final Usage usage;
    private final Duration latency;
    private final FinishReason finishReason;
    private final Optional<BigDecimal> cost;
    private final List<Attempt> attempts;
    private final Optional<String> requestId;

    private LlmResponse(Builder b) {
        if (b.message != null) {
            this.message = b.message;
        } else {
            this.message = Message.assistant(Objects.requireNonNull(b.content, "content or message must be set"));
        }
        this.provider = Objects.requireNonNull(b.provider, "provider must be set");
        this.model = Objects.requireNonNull(b.model, "model must be set");
        this.usage = b.usage;
        this.latency = b.latency;
        this.finishReason = Objects.requireNonNull(b.finishReason, "finishReason must be set");
        this.cost = b.cost;
        this.attempts = List.copyOf(b.attempts);
        this.requestId = b.requestId;
    }

    /** A copy of {@code from} with the router's additions, checked as the builder checks them. */
    private LlmResponse(LlmResponse from, List<Attempt> attempts, Duration latency, Optional<BigDecimal> cost) {
        this.message = from.message;
        this.provider = from.provider;
        this.model = from.model;
        this.usage = from.usage;
        this.latency = Builder.checkedLatency(latency);
        this.finishReason = from.finishReason;
        this.cost = Objects.requireNonNull(cost, "cost must not be null (use Optional.empty())");
        this.attempts = List.copyOf(Objects.requireNonNull(attempts, "attempts must not be null"));
        this.requestId = from.requestId;
    }

    /**
     * A builder for a provider's response. Content (or the whole message), provider, model and finish reason are
     * required; usage
     * defaults to {@link Usage#NONE}, latency to zero, and the rest to empty.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this response, for a variant of it. */
    public Builder toBuilder() {
        return new Builder().message(message).provider(provider).model(model).usage(usage).latency(latency)
                .finishReason(finishReason).cost(cost).attempts(attempts).requestId(requestId);
    }

    /** This response as the router returns it: with the request's attempts, total latency and cost. */
    public LlmResponse withRouting(List<Attempt> allAttempts, Duration totalLatency, Optional<BigDecimal> answerCost) {
        // without a builder: the router does this for every answer it returns
        return new LlmResponse(this, allAttempts, totalLatency, answerCost);
    }

    /** The answer's text (empty for an answer that only calls tools). */
    public String content() {
        return message.content();
    }

    /** The answer as an assistant message, with its text, reasoning, tool calls and the vendor's opaque state. */
    public Message message() {
        return message;
    }

    /** The tools the model asks to call, in order (empty when none); the finish reason is then {@code TOOL_CALLS}. */
    public List<ToolCall> toolCalls() {
        return message.toolCalls();
    }

    /** The model's reasoning text, where the vendor returns it (empty otherwise). */
    public String reasoning() {
        return message.reasoning();
    }

    /** The provider that produced it, as named on the router. */
    public String provider() {
        return provider;
    }

    /** The model that produced it, as the vendor reported it. */
    public String model() {
        return model;
    }

    /** The answer's tokens. */
    public Usage usage() {
        return usage;
    }

    /** For a provider's own response, its call; for the router's, the whole request. */
    public Duration latency() {
        return latency;
    }

    /** Why generation stopped. */
    public FinishReason finishReason() {
        return finishReason;
    }

    /** The answer's cost in US dollars, where the model's price is known. */
    public Optional<BigDecimal> cost() {
        return cost;
    }

    /** Every attempt made for this request, in order (empty on a provider's own response). */
    public List<Attempt> attempts() {
        return attempts;
    }

    /** The vendor's request id. */
    public Optional<String> requestId() {
        return requestId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LlmResponse other && message.equals(other.message) && provider.equals(other.provider)
                && model.equals(other.model) && usage.equals(other.usage) && latency.equals(other.latency)
                && finishReason == other.finishReason && cost.equals(other.cost) && attempts.equals(other.attempts)
                && requestId.equals(other.requestId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(message, provider, model, usage, latency, finishReason, cost, attempts, requestId);
    }

    @Override
    public String toString() {
        List<ToolCall> calls = message.toolCalls();
        return "LlmResponse[provider=" + provider + ", model=" + model + ", chars=" + message.content().length()
                + (calls.isEmpty() ? "" : ", toolCalls=" + calls.size())
                + ", usage=" + usage + ", latency=" + latency.toMillis() + "ms, finishReason=" + finishReason
                + cost.map(c -> ", cost=" + c.toPlainString()).orElse("")
                + ", attempts=" + attempts.size() + requestId.map(r -> ", requestId=" + r).orElse("") + "]";
    }

    /** Builds an {@link LlmResponse}; every setter refuses {@code null}. Not thread-safe. */
    public static final class Builder {
        private String content;
        private Message message;
        private String provider;
        private String model;
        private Usage usage = Usage.NONE;
        private Duration latency = Duration.ZERO;
        private FinishReason finishReason;
        private Optional<BigDecimal> cost = Optional.empty();
        private List<Attempt> attempts = List.of();
        private Optional<String> requestId = Optional.empty();

        private Builder() {
        }

        /** The answer's text (required unless the whole message is set; may be empty): a one-part message. */
        public Builder content(String content) {
            this.content = Objects.requireNonNull(content, "content must not be null");
            this.message = null;
            return this;
        }

        /** The whole answer: an assistant message of text, reasoning and tool calls; replaces {@link #content}. */
        public Builder message(Message message) {
            Objects.requireNonNull(message, "message must not be null");
            if (message.role() != Role.ASSISTANT) {
                throw new IllegalArgumentException("an answer is an assistant message, got " + message.role());
            }
            this.message = message;
            this.content = null;
            return this;
        }

        /** The provider that produced the answer (required). */
        public Builder provider(String provider) {
            this.provider = Objects.requireNonNull(provider, "provider must not be null");
            return this;
        }

        /** The model as the vendor reported it (required). */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model must not be null");
            return this;
        }

        /** The answer's tokens (default {@link Usage#NONE}). */
        public Builder usage(Usage usage) {
            this.usage = Objects.requireNonNull(usage, "usage must not be null");
            return this;
        }

        /** How long the call took (not negative; default zero). */
        public Builder latency(Duration latency) {
            this.latency = checkedLatency(latency);
            return this;
        }

        private static Duration checkedLatency(Duration latency) {
            Objects.requireNonNull(latency, "latency must not be null");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative, got " + latency);
            }
            return latency;
        }

        /** Why generation stopped (required). */
        public Builder finishReason(FinishReason finishReason) {
            this.finishReason = Objects.requireNonNull(finishReason, "finishReason must not be null");
            return this;
        }

        /** The answer's cost in US dollars. */
        public Builder cost(BigDecimal cost) {
            return cost(Optional.of(Objects.requireNonNull(cost, "cost must not be null")));
        }

        /** The answer's cost in US dollars, or empty when unknown (the default). */
        public Builder cost(Optional<BigDecimal> cost) {
            this.cost = Objects.requireNonNull(cost, "cost must not be null (use Optional.empty())");
            return this;
        }

        /** Every attempt made for the request, in order (default none). */
        public Builder attempts(List<Attempt> attempts) {
            this.attempts = List.copyOf(Objects.requireNonNull(attempts, "attempts must not be null"));
            return this;
        }

        /** The vendor's request id. */
        public Builder requestId(String requestId) {
            return requestId(Optional.of(Objects.requireNonNull(requestId, "requestId must not be null")));
        }

        /** The vendor's request id, or empty when the vendor sent none (the default). */
        public Builder requestId(Optional<String> requestId) {
            this.requestId = Objects.requireNonNull(requestId, "requestId must not be null (use Optional.empty())");
            return this;
        }

        public LlmResponse build() {
            return new LlmResponse(this);
        }
    }
}
