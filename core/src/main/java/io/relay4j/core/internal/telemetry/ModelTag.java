package io.relay4j.core.internal.telemetry;

import io.relay4j.core.ProviderInfo;
import io.relay4j.core.cost.ModelPrice;
import io.relay4j.core.cost.PricingTable;
import java.util.Optional;

/**
 * The model as a meter tag or low-cardinality key value: never a string as the server sent it, since a server
 * (an OpenAI-compatible gateway, vLLM serving LoRA adapters, a proxy) may report a new model id on every
 * call and so grow the meters without bound. The values are the models the router was configured with (each
 * provider's own model, the models and alias targets its {@code ProviderOptions} declare, the aliases), and
 * the models of the pricing table: a bounded set.
 *
 * <p>The same rule bounds the model a request asks for, which is a caller's string: the router passes its
 * events a request model only when a provider declares it (an alias, or a declared model id) or when the
 * pricing table prices it ({@link #undeclared}); a name no provider declares and the table does not price
 * is left out, so the tags fall back to the provider's configured model, as for a reported model.
 */
public final class ModelTag {

    private ModelTag() {
    }

    /**
     * A request model no provider declares, as a bounded value: the pricing table's model when the table
     * prices {@code model} at the provider's vendor, else empty (the provider's configured model stands in).
     */
    public static Optional<String> undeclared(PricingTable pricing, ProviderInfo info, String model) {
        return pricing.priceOf(info.vendor(), model).map(ModelPrice::model);
    }

    /** The model asked for: the request's, else the provider's configured one. */
    public static String requested(ProviderInfo info, Optional<String> requestedModel) {
        return requestedModel.filter(model -> !model.isBlank()).orElse(info.model());
    }

    /**
     * The model the vendor said answered, as a bounded value: the requested model when the reported id is
     * that model, else the pricing table's model when the table prices the reported id (a dated snapshot
     * such as {@code gpt-4o-mini-2024-07-18} becomes {@code gpt-4o-mini}), else the requested model. Empty
     * when the vendor reported none.
     */
    public static Optional<String> responded(PricingTable pricing, ProviderInfo info, Optional<String> requestedModel,
                                             Optional<String> reportedModel) {
        Optional<String> reported = reportedModel.filter(model -> !model.isBlank());
        if (reported.isEmpty()) {
            return Optional.empty();
        }
        String requested = requested(info, requestedModel);
        if (reported.get().equalsIgnoreCase(requested)) {
            return Optional.of(requested);
        }
        return Optional.of(pricing.priceOf(info.vendor(), reported.get()).map(ModelPrice::model).orElse(requested));
    }
}
