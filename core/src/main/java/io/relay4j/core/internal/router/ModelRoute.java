package io.relay4j.core.internal.router;

import io.relay4j.core.LlmRequest;
import io.relay4j.core.router.ProviderOptions;
import java.util.List;
import java.util.Optional;

/**
 * What the model a request names means on the router's providers, decided once per request from their
 * {@link ProviderOptions#aliases() aliases} and {@link ProviderOptions#models() declared models}:
 * <ul>
 *   <li>{@link Kind#NONE}: the request names no model; every provider uses its own.</li>
 *   <li>{@link Kind#ALIAS}: some provider declares the name as an alias; only those providers are offered
 *       the request, each asked for the model its alias maps to.</li>
 *   <li>{@link Kind#DECLARED}: some provider declares the name as a model it serves (its configured model,
 *       one of its {@code models}, or an alias's target); only those providers are offered the request.</li>
 *   <li>{@link Kind#UNDECLARED}: no provider declares the name; every provider is offered the request as it
 *       is, and a {@code ModelNotFound} for it is the request's fault, not the provider's.</li>
 * </ul>
 * Immutable and thread-safe.
 */
final class ModelRoute {

    /** How the request's model relates to the providers' declarations. */
    enum Kind { NONE, ALIAS, DECLARED, UNDECLARED }

    /** The route of every request that names no model. */
    static final ModelRoute NONE = new ModelRoute(Kind.NONE, "");

    private final Kind kind;
    private final String name;

    private ModelRoute(Kind kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    /** The route of {@code request} over {@code slots}, the providers it may be routed to. */
    static ModelRoute of(LlmRequest request, List<ProviderSlot> slots) {
        Optional<String> named = request.model().filter(model -> !model.isBlank());
        if (named.isEmpty()) {
            return NONE;
        }
        String model = named.get();
        boolean declared = false;
        for (ProviderSlot slot : slots) {
            if (slot.options().aliases().containsKey(model)) {
                return new ModelRoute(Kind.ALIAS, model);
            }
            declared = declared || declares(slot, model);
        }
        return new ModelRoute(declared ? Kind.DECLARED : Kind.UNDECLARED, model);
    }

    /** True when {@code slot}'s provider serves {@code model}: its configured model, a listed one, or an alias's target. */
    static boolean declares(ProviderSlot slot, String model) {
        ProviderOptions options = slot.options();
        return slot.info().model().equals(model) || options.models().contains(model)
                || options.aliases().containsValue(model);
    }

    Kind kind() {
        return kind;
    }

    /** False when the request names a model other providers declare and {@code slot}'s does not: skip it. */
    boolean offers(ProviderSlot slot) {
        switch (kind) {
            case ALIAS:
                return slot.options().aliases().containsKey(name);
            case DECLARED:
                return declares(slot, name);
            default:
                return true;
        }
    }

    /**
     * The model {@code slot}'s provider is asked for: its alias's target for an alias, else the name the
     * request gives; empty when the request names none (the provider uses its own).
     */
    Optional<String> modelFor(ProviderSlot slot) {
        if (kind == Kind.NONE) {
            return Optional.empty();
        }
        if (kind == Kind.ALIAS) {
            String mapped = slot.options().aliases().get(name);
            if (mapped != null) {
                return Optional.of(mapped);
            }
        }
        return Optional.of(name);
    }

    /** The request as {@code slot}'s provider gets it: with the model its alias maps to; else unchanged. */
    LlmRequest requestFor(ProviderSlot slot, LlmRequest request) {
        if (kind != Kind.ALIAS) {
            return request;
        }
        String mapped = slot.options().aliases().get(name);
        return mapped == null ? request : request.toBuilder().model(mapped).build();
    }

    /** True when a provider's {@code ModelNotFound} is the request's fault: it names a model no provider declares. */
    boolean modelIsTheRequestsFault() {
        return kind == Kind.UNDECLARED;
    }

    /** The name the request gives ({@code ""} for {@link Kind#NONE}). */
    String name() {
        return name;
    }
}
