package io.relay4j.core;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One piece of a streamed answer. A chunk carries one kind of news:
 * <ul>
 *   <li>a text delta ({@link #text()});</li>
 *   <li>a reasoning delta ({@link #reasoning()}), where the vendor streams the model's reasoning;</li>
 *   <li>a complete tool call ({@link #toolCall()}), emitted once, when the vendor finished it, with arguments that
 *       parse as a JSON object;</li>
 *   <li>a fragment of a tool call's arguments ({@link #toolCallDelta()}), only when the request asked for them;</li>
 *   <li>the end: the last chunk ({@link #isLast()}) carries the finish reason, the usage, and the whole answer as an
 *       assistant {@link #message()} (text, reasoning, tool calls, the vendor's opaque state), and from the router
 *       the provider, the attempts and the cost, so a stream's consumer knows as much as a caller of
 *       {@code generate}.</li>
 * </ul>
 * Immutable; make one with {@link #text(String)}, {@link #reasoning(String)}, {@link #toolCall(ToolCall)},
 * {@link #last(String, FinishReason, Usage, String)} or {@link #builder()}. {@link #toString()} never shows text.
 */
public final class LlmChunk {

    private final String text;
    private final String reasoning;
    private final Optional<ToolCall> toolCall;
    private final Optional<ToolCallDelta> toolCallDelta;
    private final Optional<Message> message;
    private final Optional<FinishReason> finishReason;
    private final Optional<Usage> usage;
    private final Optional<String> model;
    private final Optional<String> provider;
    private final List<Attempt> attempts;
    private final Optional<BigDecimal> cost;

    private LlmChunk(Builder b) {
        this.text = b.text;
        this.reasoning = b.reasoning;
        this.toolCall = b.toolCall;
        this.toolCallDelta = b.toolCallDelta;
        this.message = b.message;
        if (message.isPresent() && b.finishReason.isEmpty()) {
            throw new IllegalArgumentException("only the last chunk (with a finish reason) carries the message");
        }
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

    /** A reasoning delta. */
    public static LlmChunk reasoning(String reasoning) {
        return builder().reasoning(reasoning).build();
    }

    /** A complete tool call. */
    public static LlmChunk toolCall(ToolCall call) {
        return builder().toolCall(call).build();
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
        Builder b = new Builder().text(text).reasoning(reasoning).attempts(attempts);
        b.toolCall = toolCall;
        b.toolCallDelta = toolCallDelta;
        b.message = message;
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

    /** The new reasoning text (empty on most chunks). */
    public String reasoning() {
        return reasoning;
    }

    /** A complete tool call, on the chunk that brings it. */
    public Optional<ToolCall> toolCall() {
        return toolCall;
    }

    /** A fragment of a tool call's arguments, when the request asked for them. */
    public Optional<ToolCallDelta> toolCallDelta() {
        return toolCallDelta;
    }

    /**
     * The whole answer as an assistant message, on the last chunk: every text, reasoning and tool-call part with the
     * vendor's opaque state, as {@code generate} would return it. Empty on other chunks, and on the last chunk of a
     * provider that does not assemble one (the answer is then the chunks' text).
     */
    public Optional<Message> message() {
        return message;
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
        return o instanceof LlmChunk other && text.equals(other.text) && reasoning.equals(other.reasoning)
                && toolCall.equals(other.toolCall) && toolCallDelta.equals(other.toolCallDelta)
                && message.equals(other.message) && finishReason.equals(other.finishReason)
                && usage.equals(other.usage) && model.equals(other.model) && provider.equals(other.provider)
                && attempts.equals(other.attempts) && cost.equals(other.cost);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, reasoning, toolCall, toolCallDelta, message, finishReason, usage, model, provider, attempts, cost);
    }

    @Override
    public String toString() {
        return "LlmChunk[chars=" + text.length() + (reasoning.isEmpty() ? "" : ", reasoningChars=" + reasoning.length())
                + toolCall.map(c -> ", " + c).orElse("") + toolCallDelta.map(d -> ", " + d).orElse("")
                + message.map(m -> ", message").orElse("") + finishReason.map(r -> ", finishReason=" + r).orElse("")
                + usage.map(u -> ", usage=" + u).orElse("") + provider.map(p -> ", provider=" + p).orElse("")
                + (attempts.isEmpty() ? "" : ", attempts=" + attempts.size()) + "]";
    }

    /** Builds an {@link LlmChunk}; every setter refuses {@code null}. Not thread-safe. */
    public static final class Builder {
        private String text = "";
        private String reasoning = "";
        private Optional<ToolCall> toolCall = Optional.empty();
        private Optional<ToolCallDelta> toolCallDelta = Optional.empty();
        private Optional<Message> message = Optional.empty();
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

        /** The new reasoning text (default empty). */
        public Builder reasoning(String reasoning) {
            this.reasoning = Objects.requireNonNull(reasoning, "reasoning must not be null");
            return this;
        }

        /** A complete tool call. */
        public Builder toolCall(ToolCall call) {
            this.toolCall = Optional.of(Objects.requireNonNull(call, "toolCall must not be null"));
            return this;
        }

        /** A fragment of a tool call's arguments. */
        public Builder toolCallDelta(ToolCallDelta delta) {
            this.toolCallDelta = Optional.of(Objects.requireNonNull(delta, "toolCallDelta must not be null"));
            return this;
        }

        /** The whole answer, on the last chunk (which needs a finish reason too). */
        public Builder message(Message message) {
            Objects.requireNonNull(message, "message must not be null");
            if (message.role() != Role.ASSISTANT) {
                throw new IllegalArgumentException("an answer is an assistant message, got " + message.role());
            }
            this.message = Optional.of(message);
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
