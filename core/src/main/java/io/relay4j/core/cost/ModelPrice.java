package io.relay4j.core.cost;

import io.relay4j.core.Usage;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * The list price of one model, in US dollars per one million tokens.
 *
 * @param vendor                 the vendor, as {@link io.relay4j.core.ProviderInfo#vendor()} names it
 * @param model                  the model id (undated: dated ids of the same model match it)
 * @param inputPerMillion        price of one million input tokens
 * @param outputPerMillion       price of one million output tokens
 * @param cachedInputPerMillion  price of one million input tokens served from the vendor's prompt cache,
 *                               where the vendor has one; otherwise cached tokens cost as much as input
 */
public record ModelPrice(String vendor, String model, BigDecimal inputPerMillion, BigDecimal outputPerMillion,
                         Optional<BigDecimal> cachedInputPerMillion) {

    private static final int PER_MILLION_SCALE = 6;

    public ModelPrice {
        Objects.requireNonNull(vendor, "vendor must not be null");
        Objects.requireNonNull(model, "model must not be null");
        Objects.requireNonNull(cachedInputPerMillion, "cachedInputPerMillion must not be null");
        if (vendor.isBlank() || model.isBlank()) {
            throw new IllegalArgumentException("a price needs a vendor and a model name");
        }
        requireNotNegative(inputPerMillion, "input price of " + vendor + "/" + model);
        requireNotNegative(outputPerMillion, "output price of " + vendor + "/" + model);
        cachedInputPerMillion.ifPresent(p -> requireNotNegative(p, "cached input price of " + vendor + "/" + model));
    }

    private static void requireNotNegative(BigDecimal price, String what) {
        Objects.requireNonNull(price, what + " must not be null");
        if (price.signum() < 0) {
            throw new IllegalArgumentException(what + " must not be negative, was " + price.toPlainString());
        }
    }

    /**
     * The exact cost of {@code usage} in US dollars: uncached input, cached input and output tokens, each
     * at its own price. No rounding happens; the result carries as many decimals as the prices need.
     */
    public BigDecimal costOf(Usage usage) {
        long cached = Math.min(usage.cachedInputTokens(), usage.inputTokens());
        long uncached = usage.inputTokens() - cached;
        BigDecimal perMillion = inputPerMillion.multiply(BigDecimal.valueOf(uncached))
                .add(cachedInputPerMillion.orElse(inputPerMillion).multiply(BigDecimal.valueOf(cached)))
                .add(outputPerMillion.multiply(BigDecimal.valueOf(usage.outputTokens())));
        BigDecimal cost = perMillion.movePointLeft(PER_MILLION_SCALE).stripTrailingZeros();
        return cost.scale() < 0 ? cost.setScale(0) : cost;
    }
}
