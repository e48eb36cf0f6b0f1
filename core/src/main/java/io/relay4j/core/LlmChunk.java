package io.relay4j.core;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One piece of a streamed answer: a text delta. The last chunk of a stream ({@link #isLast()}) carries
 * the finish reason and usage and, from the router, the provider, the attempts and the cost, so a
 * stream's consumer knows as much as a caller of {@code generate}. Immutable; make one with
 * {@link #text(String)}, {@link #last(String, FinishReason, Usage, String)} or {@link #builder()}.
 * {@link #toString()} never shows text.
 */
public final class LlmChunk {

    private final String text;
    private final Optional<FinishReason> finishReason;
    private final Optional<Usage> usage;
    private final Optional<String> model;
    private final Optional<String> provider;
    private final List<Attempt> attempts;
    private final Optional<BigDecimal> cost;

    private LlmChunk(Builder b) {
        this.text = b.text;
        this.finishReason = b.finishReason;
        this.usage = b.usage;
        this.model = b.model;
        this.provider = b.provider;
        this.attempts = b.attempts;
        this.cost = b.cost;
    }

    /** A text delta. */
    public static LlmChunk text(String text) {
        return builder().text(text).build();
    }

    /** A provider's last chunk: the vendor said the answer is finished. */
    public static LlmChunk last(String text, FinishReason reason, Usage usage, String model) {
        return builder().text(text).finishReason(reason).usage(usage).model(model).build();
    }

    /** A builder for any chunk; everything but the text (default empty) is absent until set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this chunk, for a variant of it. */
    public Builder toBuilder() {
        Builder b = new Builder().text(text).attempts(attempts);
        b.finishReason = finishReason;
        b.usage = usage;
        b.model = model;
        b.provider = provider;
        b.cost = cost;
        return b;
    }

    /** True on the stream's final chunk, which carries the finish reason. */
    public boolean isLast() {
        return finishReason.isPresent();
    }

    /** This last chunk as the router emits it: with the serving provider, the attempts and the cost. */
    public LlmChunk withRouting(String servingProvider, List<Attempt> allAttempts, Optional<BigDecimal> answerCost) {
        return toBuilder().provider(servingProvider).attempts(allAttempts).cost(answerCost).build();
    }

    /** The new text (may be empty, typically on the last chunk). */
    public String text() {
        return text;
    }

    /** Why generation stopped; present on the last chunk only. */
    public Optional<FinishReason> finishReason() {
        return finishReason;
    }

    /** The stream's usage, on the last chunk. */
    public Optional<Usage> usage() {
        return usage;
    }

    /** The model as the vendor reported it, on the last chunk. */
    public Optional<String> model() {
        return model;
    }

    /** The provider that served the stream, on the router's last chunk. */
    public Optional<String> provider() {
        return provider;
    }

    /** Every attempt made, on the router's last chunk. */
    public List<Attempt> attempts() {
        return attempts;
    }

    /** The answer's cost, on the router's last chunk where known. */
    public Optional<BigDecimal> cost() {
        return cost;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LlmChunk other && text.equals(other.text) && finishReason.equals(other.finishReason)
                && usage.equals(other.usage) && model.equals(other.model) && provider.equals(other.provider)
                && attempts.equals(other.attempts) && cost.equals(other.cost);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, finishReason, usage, model, provider, attempts, cost);
    }

    @Override
    public String toString() {
        return "LlmChunk[chars=" + text.length() + finishReason.map(r -> ", finishReason=" + r).orElse("")
                + usage.map(u -> ", usage=" + u).orElse("") + provider.map(p -> ", provider=" + p).orElse("")
                + (attempts.isEmpty() ? "" : ", attempts=" + attempts.size()) + "]";
    }

    /** Builds an {@link LlmChunk}; every setter refuses {@code null}. Not thread-safe. */
    public static final class Builder {
        private String text = "";
        private Optional<FinishReason> finishReason = Optional.empty();
        private Optional<Usage> usage = Optional.empty();
        private Optional<String> model = Optional.empty();
        private Optional<String> provider = Optional.empty();
        private List<Attempt> attempts = List.of();
        private Optional<BigDecimal> cost = Optional.empty();

        private Builder() {
        }

        /** The new text (default empty). */
        public Builder text(String text) {
            this.text = Objects.requireNonNull(text, "text must not be null");
            return this;
        }

        /** Why generation stopped: makes this the stream's last chunk. */
        public Builder finishReason(FinishReason reason) {
            this.finishReason = Optional.of(Objects.requireNonNull(reason, "finishReason must not be null"));
            return this;
        }

        /** The stream's usage, on the last chunk. */
        public Builder usage(Usage usage) {
            this.usage = Optional.of(Objects.requireNonNull(usage, "usage must not be null"));
            return this;
        }

        /** The model as the vendor reported it, on the last chunk. */
        public Builder model(String model) {
            this.model = Optional.of(Objects.requireNonNull(model, "model must not be null"));
            return this;
        }

        /** The provider that served the stream, on the router's last chunk. */
        public Builder provider(String provider) {
            this.provider = Optional.of(Objects.requireNonNull(provider, "provider must not be null"));
            return this;
        }

        /** Every attempt made, on the router's last chunk. */
        public Builder attempts(List<Attempt> attempts) {
            this.attempts = List.copyOf(Objects.requireNonNull(attempts, "attempts must not be null"));
            return this;
        }

        /** The answer's cost in US dollars, on the router's last chunk. */
        public Builder cost(BigDecimal cost) {
            this.cost = Optional.of(Objects.requireNonNull(cost, "cost must not be null"));
            return this;
        }

        /** The answer's cost in US dollars, or empty when unknown (the default). */
        public Builder cost(Optional<BigDecimal> cost) {
            this.cost = Objects.requireNonNull(cost, "cost must not be null (use Optional.empty())");
            return this;
        }

        public LlmChunk build() {
            return new LlmChunk(this);
        }
    }
}
