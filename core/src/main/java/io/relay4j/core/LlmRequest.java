package io.relay4j.core;

import io.relay4j.core.internal.json.JsonText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A vendor-neutral chat request. Immutable; build one with {@link #builder()} or {@link #of(String)}, or vary one
 * with {@link #toBuilder()}. Requests with the same settings are equal.
 *
 * <p>Beyond text a request may carry images, tool definitions and the conversation's tool calls and results (as
 * message parts), a tool choice, a JSON Schema response format, a reasoning setting, shared sampling settings and
 * fields for one provider only ({@link Builder#providerFields(String, String)}). Each provider sends them in its
 * vendor's own fields; a router skips providers that lack a capability the request needs
 * ({@link #requiredCapabilities()}).
 *
 * <p>Invalid values (no messages, a non-positive {@code maxTokens}, a temperature outside 0..2, two tools of one
 * name, a tool choice naming no declared tool) are refused when the request is built, with a message that says what
 * to fix. {@link #toString()} never shows message content, tool arguments or images.
 */
public final class LlmRequest {

    private final List<Message> messages;
    private final Optional<String> model;
    private final OptionalInt maxTokens;
    private final OptionalDouble temperature;
    private final List<String> stopSequences;
    private final Optional<ResponseFormat> responseFormat;
    private final Map<String, String> metadata;
    private final List<Tool> tools;
    private final Optional<ToolChoice> toolChoice;
    private final Optional<Boolean> parallelToolCalls;
    private final Optional<Reasoning> reasoning;
    private final OptionalDouble topP;
    private final OptionalLong seed;
    private final Map<String, String> providerFields;
    private final boolean toolCallDeltas;

    private LlmRequest(Builder b) {
        this.messages = List.copyOf(b.messages);
        this.model = Optional.ofNullable(b.model);
        this.maxTokens = b.maxTokens == null ? OptionalInt.empty() : OptionalInt.of(b.maxTokens);
        this.temperature = b.temperature == null ? OptionalDouble.empty() : OptionalDouble.of(b.temperature);
        this.stopSequences = List.copyOf(b.stopSequences);
        this.responseFormat = Optional.ofNullable(b.responseFormat);
        this.metadata = Map.copyOf(b.metadata);
        this.tools = List.copyOf(b.tools);
        this.toolChoice = Optional.ofNullable(b.toolChoice);
        this.parallelToolCalls = Optional.ofNullable(b.parallelToolCalls);
        this.reasoning = Optional.ofNullable(b.reasoning);
        this.topP = b.topP == null ? OptionalDouble.empty() : OptionalDouble.of(b.topP);
        this.seed = b.seed == null ? OptionalLong.empty() : OptionalLong.of(b.seed);
        this.providerFields = Map.copyOf(b.providerFields);
        this.toolCallDeltas = b.toolCallDeltas;
        checkTools();
        if (topP.isPresent() && !(topP.getAsDouble() > 0.0 && topP.getAsDouble() <= 1.0)) {
            throw new IllegalArgumentException("topP must be greater than 0 and at most 1, got " + topP.getAsDouble());
        }
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

    private void checkTools() {
        Set<String> names = new HashSet<>();
        for (Tool tool : tools) {
            if (!names.add(tool.name())) {
                throw new IllegalArgumentException("two tools are named '" + tool.name() + "': tool names must differ");
            }
        }
        if (toolChoice.isPresent() && toolChoice.get().mode() == ToolChoice.Mode.TOOL
                && !names.contains(toolChoice.get().toolName().orElseThrow())) {
            throw new IllegalArgumentException("the tool choice names '" + toolChoice.get().toolName().orElseThrow()
                    + "', which the request does not declare: add it with tool(...)");
        }
        if ((toolChoice.isPresent() && toolChoice.get().mode() != ToolChoice.Mode.NONE
                && toolChoice.get().mode() != ToolChoice.Mode.AUTO) && tools.isEmpty()) {
            throw new IllegalArgumentException("the tool choice " + toolChoice.get().mode()
                    + " needs tools: declare them with tool(...)");
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
        b.tools.addAll(tools);
        b.toolChoice = toolChoice.orElse(null);
        b.parallelToolCalls = parallelToolCalls.orElse(null);
        b.reasoning = reasoning.orElse(null);
        b.topP = topP.isPresent() ? topP.getAsDouble() : null;
        b.seed = seed.isPresent() ? seed.getAsLong() : null;
        b.providerFields.putAll(providerFields);
        b.toolCallDeltas = toolCallDeltas;
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

    /** The tools the model may call, in order (empty when none). */
    public List<Tool> tools() {
        return tools;
    }

    /** Whether the model may, must or must not call a tool; empty leaves it to the vendor (auto where tools exist). */
    public Optional<ToolChoice> toolChoice() {
        return toolChoice;
    }

    /** Whether the model may call several tools in one answer; empty leaves it to the vendor (usually yes). */
    public Optional<Boolean> parallelToolCalls() {
        return parallelToolCalls;
    }

    /** How much a reasoning model thinks; empty leaves it to the model. */
    public Optional<Reasoning> reasoning() {
        return reasoning;
    }

    /** Nucleus sampling: the probability mass to sample from, in (0, 1]. */
    public OptionalDouble topP() {
        return topP;
    }

    /** A seed for vendors that sample reproducibly with one (OpenAI, Gemini; others ignore it). */
    public OptionalLong seed() {
        return seed;
    }

    /**
     * Fields for one provider's request body, by provider name (as on the router): a JSON object whose members the
     * named provider merges into its vendor's body, over the fields it writes itself. No other provider sees them,
     * so a failover never sends one vendor's fields to another.
     */
    public Map<String, String> providerFields() {
        return providerFields;
    }

    /** Whether a stream should also carry tool-call argument fragments ({@link LlmChunk#toolCallDelta()}). */
    public boolean toolCallDeltas() {
        return toolCallDeltas;
    }

    /**
     * What a provider must be able to do to serve this request: tools (declared, or calls and results in the
     * conversation), parallel tool calls where asked for explicitly, images, a response format, a reasoning setting.
     */
    public Set<Capability> requiredCapabilities() {
        // no set is made for a plain text request, what most requests are: the router asks this of each one
        EnumSet<Capability> needs = null;
        if (!tools.isEmpty()) {
            needs = with(needs, Capability.TOOLS);
            if (parallelToolCalls.orElse(false)) {
                needs.add(Capability.PARALLEL_TOOL_CALLS);
            }
        }
        if (responseFormat.isPresent()) {
            needs = with(needs, Capability.STRUCTURED_OUTPUT);
        }
        if (reasoning.isPresent() && reasoning.get().enabled()) {
            needs = with(needs, Capability.REASONING);
        }
        for (Message m : messages) {
            if (m.isTextOnly()) {
                continue;
            }
            if (m.role() == Role.TOOL || !m.toolCalls().isEmpty()) {
                needs = with(needs, Capability.TOOLS);
            }
            if (m.hasImages()) {
                needs = with(needs, Capability.IMAGES);
            }
        }
        return needs == null ? Set.of() : Collections.unmodifiableSet(needs);
    }

    private static EnumSet<Capability> with(EnumSet<Capability> set, Capability capability) {
        EnumSet<Capability> out = set == null ? EnumSet.noneOf(Capability.class) : set;
        out.add(capability);
        return out;
    }

    /** The last message, which every request has. */
    public Message lastMessage() {
        return messages.get(messages.size() - 1);
    }

    /**
     * The approximate characters of all messages (text, tool arguments and results, a fixed allowance per image):
     * a cheap basis for token estimates.
     */
    public long totalChars() {
        long n = 0;
        for (Message m : messages) {
            n += m.approximateChars();
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LlmRequest other && messages.equals(other.messages) && model.equals(other.model)
                && maxTokens.equals(other.maxTokens) && temperature.equals(other.temperature)
                && stopSequences.equals(other.stopSequences) && responseFormat.equals(other.responseFormat)
                && metadata.equals(other.metadata) && tools.equals(other.tools)
                && toolChoice.equals(other.toolChoice) && parallelToolCalls.equals(other.parallelToolCalls)
                && reasoning.equals(other.reasoning) && topP.equals(other.topP) && seed.equals(other.seed)
                && providerFields.equals(other.providerFields) && toolCallDeltas == other.toolCallDeltas;
    }

    @Override
    public int hashCode() {
        return Objects.hash(messages, model, maxTokens, temperature, stopSequences, responseFormat, metadata, tools,
                toolChoice, parallelToolCalls, reasoning, topP, seed, providerFields, toolCallDeltas);
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
                + (tools.isEmpty() ? "" : ", tools=" + tools.size())
                + toolChoice.map(c -> ", toolChoice=" + c.mode()).orElse("")
                + parallelToolCalls.map(p -> ", parallelToolCalls=" + p).orElse("")
                + reasoning.map(r -> ", reasoning=" + r).orElse("")
                + (topP.isPresent() ? ", topP=" + topP.getAsDouble() : "")
                + (seed.isPresent() ? ", seed=" + seed.getAsLong() : "")
                + (providerFields.isEmpty() ? "" : ", providerFields=" + providerFields.keySet())
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
        private final List<Tool> tools = new ArrayList<>();
        private ToolChoice toolChoice;
        private Boolean parallelToolCalls;
        private Reasoning reasoning;
        private Double topP;
        private Long seed;
        private final Map<String, String> providerFields = new LinkedHashMap<>();
        private boolean toolCallDeltas;

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

        /** Declares a tool the model may call. */
        public Builder tool(Tool tool) {
            tools.add(Objects.requireNonNull(tool, "tool must not be null"));
            return this;
        }

        /** Declares tools the model may call, in order. */
        public Builder tools(List<Tool> tools) {
            Objects.requireNonNull(tools, "tools must not be null").forEach(this::tool);
            return this;
        }

        /** Removes the tools declared so far. */
        public Builder clearTools() {
            tools.clear();
            return this;
        }

        /** Whether the model may, must or must not call a tool. */
        public Builder toolChoice(ToolChoice choice) {
            this.toolChoice = Objects.requireNonNull(choice, "toolChoice must not be null");
            return this;
        }

        /** Whether the model may call several tools in one answer (the vendors' default is yes). */
        public Builder parallelToolCalls(boolean parallel) {
            this.parallelToolCalls = parallel;
            return this;
        }

        /** How much a reasoning model thinks. */
        public Builder reasoning(Reasoning reasoning) {
            this.reasoning = Objects.requireNonNull(reasoning, "reasoning must not be null");
            return this;
        }

        /** Nucleus sampling, in (0, 1]. */
        public Builder topP(double topP) {
            this.topP = topP;
            return this;
        }

        /** A sampling seed, for vendors that honour one. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Fields that only the provider named {@code provider} merges into its request body (see
         * {@link LlmRequest#providerFields()}); setting them again for the same provider replaces them.
         *
         * @param jsonObject a JSON object, such as {@code {"service_tier":"flex"}}
         */
        public Builder providerFields(String provider, String jsonObject) {
            Objects.requireNonNull(provider, "provider must not be null");
            Objects.requireNonNull(jsonObject, "jsonObject must not be null");
            if (provider.isBlank()) {
                throw new IllegalArgumentException("providerFields needs the provider's name on the router");
            }
            if (!JsonText.isObject(jsonObject)) {
                throw new IllegalArgumentException("the providerFields for '" + provider + "' must be a JSON object");
            }
            providerFields.put(provider, jsonObject);
            return this;
        }

        /** Whether a stream should also carry tool-call argument fragments (default false). */
        public Builder toolCallDeltas(boolean deltas) {
            this.toolCallDeltas = deltas;
            return this;
        }

        public LlmRequest build() {
            return new LlmRequest(this);
        }
    }
}
