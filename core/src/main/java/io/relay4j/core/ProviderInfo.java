package io.relay4j.core;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a provider declares about itself, for routing and metrics. Immutable; make one with
 * {@link #of(String, String)} or {@link #builder()}.
 */
public final class ProviderInfo {

    private final String vendor;
    private final String model;
    private final OptionalInt contextWindowTokens;
    private final boolean acceptsAssistantPrefill;

    private ProviderInfo(Builder b) {
        this.vendor = Objects.requireNonNull(b.vendor, "vendor must be set");
        this.model = Objects.requireNonNull(b.model, "model must be set");
        this.contextWindowTokens = b.contextWindowTokens;
        this.acceptsAssistantPrefill = b.acceptsAssistantPrefill;
    }

    /** A provider with an unknown context window that does not continue assistant messages. */
    public static ProviderInfo of(String vendor, String model) {
        return builder().vendor(vendor).model(model).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this info, for a variant of it. */
    public Builder toBuilder() {
        return new Builder().vendor(vendor).model(model).contextWindowTokens(contextWindowTokens)
                .acceptsAssistantPrefill(acceptsAssistantPrefill);
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

    @Override
    public boolean equals(Object o) {
        return o instanceof ProviderInfo other && vendor.equals(other.vendor) && model.equals(other.model)
                && contextWindowTokens.equals(other.contextWindowTokens)
                && acceptsAssistantPrefill == other.acceptsAssistantPrefill;
    }

    @Override
    public int hashCode() {
        return Objects.hash(vendor, model, contextWindowTokens, acceptsAssistantPrefill);
    }

    @Override
    public String toString() {
        return "ProviderInfo[vendor=" + vendor + ", model=" + model
                + (contextWindowTokens.isPresent() ? ", contextWindowTokens=" + contextWindowTokens.getAsInt() : "")
                + ", acceptsAssistantPrefill=" + acceptsAssistantPrefill + "]";
    }

    /** Builds a {@link ProviderInfo}; vendor and model are required, every setter refuses bad values at once. */
    public static final class Builder {
        private String vendor;
        private String model;
        private OptionalInt contextWindowTokens = OptionalInt.empty();
        private boolean acceptsAssistantPrefill;

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

        public ProviderInfo build() {
            return new ProviderInfo(this);
        }
    }
}
