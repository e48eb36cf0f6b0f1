package io.relay4j.core;

import java.util.Objects;

/**
 * Opaque state a vendor gave with a part of its answer and requires back, unchanged, on the next turn: an
 * Anthropic thinking block's {@code signature} or a redacted block's {@code data}, a Gemini {@code thoughtSignature}.
 * It is bound to the provider that produced it (by its name on the router) and that provider's vendor: a provider
 * sends it back only when both are its own, and never to another vendor or account. Callers do not make these;
 * they keep the assistant message a response gives ({@link LlmResponse#message()}) in the conversation.
 *
 * <p>Immutable. {@link #toString()} never shows the value.
 */
public final class ProviderState {

    private final String provider;
    private final String vendor;
    private final String value;

    private ProviderState(String provider, String vendor, String value) {
        this.provider = requireText(provider, "provider");
        this.vendor = requireText(vendor, "vendor");
        this.value = Objects.requireNonNull(value, "value must not be null");
    }

    /**
     * State from one provider.
     *
     * @param provider the provider's name, as on the router
     * @param vendor   its vendor, as {@link ProviderInfo#vendor()} names it
     * @param value    the vendor's opaque value, kept byte for byte
     */
    public static ProviderState of(String provider, String vendor, String value) {
        return new ProviderState(provider, vendor, value);
    }

    /** The provider that produced this state. */
    public String provider() {
        return provider;
    }

    /** That provider's vendor ({@link ProviderInfo#vendor()}). */
    public String vendor() {
        return vendor;
    }

    /** The vendor's opaque value. */
    public String value() {
        return value;
    }

    /** True when this state was made by {@code provider} of {@code vendor}, so it may go back there. */
    public boolean isFrom(String provider, String vendor) {
        return this.provider.equals(provider) && this.vendor.equals(vendor);
    }

    private static String requireText(String s, String name) {
        Objects.requireNonNull(s, name + " must not be null");
        if (s.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProviderState other && provider.equals(other.provider) && vendor.equals(other.vendor)
                && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, vendor, value);
    }

    @Override
    public String toString() {
        return "ProviderState[provider=" + provider + ", vendor=" + vendor + ", chars=" + value.length() + "]";
    }
}
