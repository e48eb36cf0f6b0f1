package io.relay4j.core.internal.telemetry;

import io.relay4j.core.ProviderInfo;
import io.relay4j.core.cost.ModelPrice;
import io.relay4j.core.cost.PricingTable;
import java.util.Optional;

/**
 * The model as a meter tag or low-cardinality key value: never a string as the server sent it, since a server
 * (an OpenAI-compatible gateway, vLLM serving LoRA adapters, a proxy) may report a new model id on every
 * call and so grow the meters without bound. The values are the models the router was configured with or
 * asked for, and the models of the pricing table: a bounded set.
 */
public final class ModelTag {

    private ModelTag() {
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
