package io.relay4j.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a provider declares about itself, for routing and metrics. Immutable; make one with
 * {@link #of(String, String)} or {@link #builder()}.
 */
public final class ProviderInfo {

    private final String vendor;
    private final String model;
    private final OptionalInt contextWindowTokens;
    private final boolean acceptsAssistantPrefill;
    private final Set<Capability> capabilities;

    private ProviderInfo(Builder b) {
        this.vendor = Objects.requireNonNull(b.vendor, "vendor must be set");
        this.model = Objects.requireNonNull(b.model, "model must be set");
        this.contextWindowTokens = b.contextWindowTokens;
        this.acceptsAssistantPrefill = b.acceptsAssistantPrefill;
        this.capabilities = b.capabilities;
    }

    /**
     * A provider with an unknown context window that does not continue assistant messages and declares no
     * capabilities beyond text.
     */
    public static ProviderInfo of(String vendor, String model) {
        return builder().vendor(vendor).model(model).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this info, for a variant of it. */
    public Builder toBuilder() {
        return new Builder().vendor(vendor).model(model).contextWindowTokens(contextWindowTokens)
                .acceptsAssistantPrefill(acceptsAssistantPrefill).capabilities(capabilities);
    }

    /**
     * The vendor, as the OpenTelemetry GenAI conventions name it ({@code openai}, {@code anthropic},
     * {@code gcp.gemini}, {@code azure.ai.openai}, ...).
     */
    public String vendor() {
        return vendor;
    }

    /** The model the provider uses when a request names none. */
    public String model() {
        return model;
    }

    /** The model's context window, where known; a request that cannot fit skips the provider. */
    public OptionalInt contextWindowTokens() {
        return contextWindowTokens;
    }

    /** Whether the model continues a last assistant message (used to resume streams). */
    public boolean acceptsAssistantPrefill() {
        return acceptsAssistantPrefill;
    }

    /**
     * What the provider can serve beyond text (tools, images, structured output, reasoning ...). A router skips a
     * provider for a request that needs something it lacks ({@link LlmRequest#requiredCapabilities()}).
     */
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /** True when the provider declares every capability in {@code needed}. */
    public boolean supports(Set<Capability> needed) {
        return capabilities.containsAll(needed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProviderInfo other && vendor.equals(other.vendor) && model.equals(other.model)
                && contextWindowTokens.equals(other.contextWindowTokens)
                && acceptsAssistantPrefill == other.acceptsAssistantPrefill
                && capabilities.equals(other.capabilities);
    }

    @Override
    public int hashCode() {
        return Objects.hash(vendor, model, contextWindowTokens, acceptsAssistantPrefill, capabilities);
    }

    @Override
    public String toString() {
        return "ProviderInfo[vendor=" + vendor + ", model=" + model
                + (contextWindowTokens.isPresent() ? ", contextWindowTokens=" + contextWindowTokens.getAsInt() : "")
                + ", acceptsAssistantPrefill=" + acceptsAssistantPrefill
                + (capabilities.isEmpty() ? "" : ", capabilities=" + capabilities) + "]";
    }

    /** Builds a {@link ProviderInfo}; vendor and model are required, every setter refuses bad values at once. */
    public static final class Builder {
        private String vendor;
        private String model;
        private OptionalInt contextWindowTokens = OptionalInt.empty();
        private boolean acceptsAssistantPrefill;
        private Set<Capability> capabilities = Set.of();

        private Builder() {
        }

        /** The vendor, as the OpenTelemetry GenAI conventions name it (required). */
        public Builder vendor(String vendor) {
            this.vendor = Objects.requireNonNull(vendor, "vendor must not be null");
            return this;
        }

        /** The model used when a request names none (required). */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model must not be null");
            return this;
        }

        /** The model's context window in tokens (positive; unknown by default). */
        public Builder contextWindowTokens(int tokens) {
            if (tokens <= 0) {
                throw new IllegalArgumentException("contextWindowTokens must be positive, got " + tokens);
            }
            this.contextWindowTokens = OptionalInt.of(tokens);
            return this;
        }

        /** The model's context window in tokens, or empty when unknown. */
        public Builder contextWindowTokens(OptionalInt tokens) {
            Objects.requireNonNull(tokens, "contextWindowTokens must not be null (use OptionalInt.empty())");
            if (tokens.isPresent()) {
                return contextWindowTokens(tokens.getAsInt());
            }
            this.contextWindowTokens = tokens;
            return this;
        }

        /** Whether the model continues a last assistant message (default false). */
        public Builder acceptsAssistantPrefill(boolean accepts) {
            this.acceptsAssistantPrefill = accepts;
            return this;
        }

        /** What the provider can serve beyond text (default none); replaces what was set before. */
        public Builder capabilities(Set<Capability> capabilities) {
            Objects.requireNonNull(capabilities, "capabilities must not be null (use Set.of())");
            // an EnumSet keeps the declaration order, so toString and metrics read the same on every run
            this.capabilities = capabilities.isEmpty() ? Set.of()
                    : Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
            return this;
        }

        /** What the provider can serve beyond text; replaces what was set before. */
        public Builder capabilities(Capability... capabilities) {
            return capabilities(capabilities.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(capabilities)));
        }

        public ProviderInfo build() {
            return new ProviderInfo(this);
        }
    }
}
