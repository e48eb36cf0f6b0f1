package io.relay4j.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A vendor-neutral chat request. Immutable; build one with {@link #builder()} or {@link #of(String)}, or vary one
 * with {@link #toBuilder()}. Requests with the same settings are equal.
 *
 * <p>Invalid values (no messages, a non-positive {@code maxTokens}, a temperature outside 0..2) are
 * refused when the request is built, with a message that says what to fix. {@link #toString()}
 * never shows message content.
 */
public final class LlmRequest {

    private final List<Message> messages;
    private final Optional<String> model;
    private final OptionalInt maxTokens;
    private final OptionalDouble temperature;
    private final List<String> stopSequences;
    private final Optional<ResponseFormat> responseFormat;
    private final Map<String, String> metadata;

    private LlmRequest(Builder b) {
        this.messages = List.copyOf(b.messages);
        this.model = Optional.ofNullable(b.model);
        this.maxTokens = b.maxTokens == null ? OptionalInt.empty() : OptionalInt.of(b.maxTokens);
        this.temperature = b.temperature == null ? OptionalDouble.empty() : OptionalDouble.of(b.temperature);
        this.stopSequences = List.copyOf(b.stopSequences);
        this.responseFormat = Optional.ofNullable(b.responseFormat);
        this.metadata = Map.copyOf(b.metadata);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one message: add one with user(...)");
        }
        if (model.isPresent() && model.get().isBlank()) {
            throw new IllegalArgumentException("model must not be blank: leave it out to use each provider's model");
        }
        if (maxTokens.isPresent() && maxTokens.getAsInt() <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens.getAsInt());
        }
        if (temperature.isPresent()) {
            double t = temperature.getAsDouble();
            if (!(t >= 0.0 && t <= 2.0)) {
                throw new IllegalArgumentException("temperature must be between 0 and 2, got " + t);
            }
        }
    }

    /** A request with a single user message. */
    public static LlmRequest of(String userMessage) {
        return builder().user(userMessage).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this request, for a variant of it. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.messages.addAll(messages);
        b.model = model.orElse(null);
        b.maxTokens = maxTokens.isPresent() ? maxTokens.getAsInt() : null;
        b.temperature = temperature.isPresent() ? temperature.getAsDouble() : null;
        b.stopSequences.addAll(stopSequences);
        b.responseFormat = responseFormat.orElse(null);
        b.metadata.putAll(metadata);
        return b;
    }

    /** The conversation, in order; never empty. */
    public List<Message> messages() {
        return messages;
    }

    /**
     * The model the caller asks for, instead of each provider's configured one: an alias (a logical name such as
     * {@code "fast"} that providers map to their own model with {@code ProviderOptions.alias}), or a concrete
     * model id. A router sends the request only to providers that declare the name (their configured model,
     * {@code ProviderOptions.models} or an alias), each with its own model id; a name no provider declares goes
     * to every provider, and a model-not-found answer then counts against the request, never the provider.
     */
    public Optional<String> model() {
        return model;
    }

    /** The most output tokens the answer may have. */
    public OptionalInt maxTokens() {
        return maxTokens;
    }

    /** Sampling temperature, 0..2 (providers with a narrower range clamp it). */
    public OptionalDouble temperature() {
        return temperature;
    }

    /** Texts at which generation stops. */
    public List<String> stopSequences() {
        return stopSequences;
    }

    /** JSON-schema constrained output. */
    public Optional<ResponseFormat> responseFormat() {
        return responseFormat;
    }

    /**
     * Caller tags, for a custom {@link io.relay4j.core.router.RoutingStrategy} to read; the router carries them
     * into a resumed stream's continuation request, and no built-in meter or strategy reads them.
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The last message, which every request has. */
    public Message lastMessage() {
        return messages.get(messages.size() - 1);
    }

    /** The total characters of all messages: a cheap basis for token estimates. */
    public long totalChars() {
        long n = 0;
        for (Message m : messages) {
            n += m.content().length();
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LlmRequest other && messages.equals(other.messages) && model.equals(other.model)
                && maxTokens.equals(other.maxTokens) && temperature.equals(other.temperature)
                && stopSequences.equals(other.stopSequences) && responseFormat.equals(other.responseFormat)
                && metadata.equals(other.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messages, model, maxTokens, temperature, stopSequences, responseFormat, metadata);
    }

    @Override
    public String toString() {
        return "LlmRequest[messages=" + messages.size() + ", chars=" + totalChars()
                + model.map(m -> ", model=" + m).orElse("")
                + (maxTokens.isPresent() ? ", maxTokens=" + maxTokens.getAsInt() : "")
                + (temperature.isPresent() ? ", temperature=" + temperature.getAsDouble() : "")
                + (stopSequences.isEmpty() ? "" : ", stopSequences=" + stopSequences.size())
                + responseFormat.map(f -> ", responseFormat=" + f.name()).orElse("")
                + (metadata.isEmpty() ? "" : ", metadata=" + metadata.keySet())
                + "]";
    }

    /** Builds an {@link LlmRequest}; every setter refuses {@code null}. Not thread-safe. */
    public static final class Builder {
        private final List<Message> messages = new ArrayList<>();
        private String model;
        private Integer maxTokens;
        private Double temperature;
        private final List<String> stopSequences = new ArrayList<>();
        private ResponseFormat responseFormat;
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder message(Message message) {
            messages.add(Objects.requireNonNull(message, "message must not be null"));
            return this;
        }

        /** Removes the messages added so far, for a variant of a request with another conversation. */
        public Builder clearMessages() {
            messages.clear();
            return this;
        }

        public Builder messages(List<Message> messages) {
            Objects.requireNonNull(messages, "messages must not be null").forEach(this::message);
            return this;
        }

        public Builder system(String content) {
            return message(Message.system(content));
        }

        public Builder user(String content) {
            return message(Message.user(content));
        }

        public Builder assistant(String content) {
            return message(Message.assistant(content));
        }

        /** The model or model alias to ask for; see {@link LlmRequest#model()}. */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model must not be null");
            return this;
        }

        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        public Builder stop(String... sequences) {
            for (String s : sequences) {
                stopSequences.add(Objects.requireNonNull(s, "stop sequence must not be null"));
            }
            return this;
        }

        public Builder responseFormat(ResponseFormat format) {
            this.responseFormat = Objects.requireNonNull(format, "responseFormat must not be null");
            return this;
        }

        public Builder metadata(String key, String value) {
            metadata.put(Objects.requireNonNull(key, "metadata key must not be null"),
                    Objects.requireNonNull(value, "metadata value must not be null"));
            return this;
        }

        public LlmRequest build() {
            return new LlmRequest(this);
        }
    }
}
