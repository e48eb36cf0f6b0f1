package io.relay4j.core.internal.router;

import io.relay4j.core.cost.ModelPrice;
import io.relay4j.core.cost.PricingTable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A router's prices by vendor and model, looked up in its {@link PricingTable} once per pair and then kept:
 * the table is immutable, and matching a model id (case folding, then a scan for a priced prefix with a
 * version stamp) costs far more than the rest of an attempt's accounting. Each vendor keeps at most
 * {@link #MODELS_PER_VENDOR} models, so a vendor that reports ever new model ids cannot grow it without bound;
 * past that, lookups go to the table each time. Thread-safe; lookups allocate nothing once a pair is known.
 */
final class PriceLookup {

    static final int MODELS_PER_VENDOR = 256;

    private final PricingTable table;
    private final Map<String, Map<String, Optional<ModelPrice>>> byVendor = new ConcurrentHashMap<>();

    PriceLookup(PricingTable table) {
        this.table = table;
    }

    /** The price of {@code model} of {@code vendor} as {@link PricingTable#priceOf} finds it; null when unpriced. */
    ModelPrice priceOf(String vendor, String model) {
        Map<String, Optional<ModelPrice>> models = byVendor.get(vendor);
        if (models == null) {
            models = byVendor.computeIfAbsent(vendor, v -> new ConcurrentHashMap<>());
        }
        Optional<ModelPrice> known = models.get(model);
        if (known == null) {
            known = table.priceOf(vendor, model);
            if (models.size() < MODELS_PER_VENDOR) {
                models.put(model, known);
            }
        }
        return known.orElse(null);
    }
}
