package io.relay4j.core.cost;

import io.relay4j.core.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Model prices per vendor, and the exact cost of a response's usage.
 *
 * <p>Guarantees: a cost is computed with exact {@link BigDecimal} arithmetic, and a model whose price
 * is not in the table has no cost ({@link Optional#empty()}), never a guessed one.
 *
 * <p>Model matching: an exact (case-insensitive) match of vendor and model wins. Otherwise a priced
 * model matches a model id that extends it by a date or version stamp only: {@code -2024-07-18},
 * {@code -20241022}, {@code @20241022}, {@code -0613}, {@code -001} or {@code -latest}. So
 * {@code gpt-4o-mini-2024-07-18} costs as {@code gpt-4o-mini}, while {@code gpt-4o-mini} never
 * costs as {@code gpt-4o} (the longest priced prefix is taken, and "-mini" is not a stamp).
 *
 * <p>The shipped {@link #defaults()} are a dated snapshot of public list prices
 * ({@link #DEFAULTS_DATE}); check them against the vendors' pages and override what differs.
 * Immutable and thread-safe.
 */
public final class PricingTable {

    /** The day the shipped price snapshot was taken. */
    public static final LocalDate DEFAULTS_DATE = LocalDate.of(2026, 11, 1);

    private static final String DEFAULTS_RESOURCE = "pricing-" + DEFAULTS_DATE + ".csv";
    private static final Pattern VERSION_STAMP =
            Pattern.compile("[-@](\\d{4}-\\d{2}-\\d{2}|\\d{8}|\\d{2,4}|latest)");

    private static final PricingTable DEFAULTS = loadDefaults();

    /** Bound on the {@link #priceOf} answers kept per vendor. */
    static final int MODELS_KEPT_PER_VENDOR = 256;

    private final Map<String, ModelPrice> prices;
    private final Map<String, Map<String, Optional<ModelPrice>>> answers = new ConcurrentHashMap<>();

    private PricingTable(Map<String, ModelPrice> prices) {
        this.prices = Map.copyOf(prices);
    }

    /** The shipped snapshot of list prices (OpenAI, Anthropic, Gemini) taken on {@link #DEFAULTS_DATE}. */
    public static PricingTable defaults() {
        return DEFAULTS;
    }

    /** An empty table to fill; call {@link Builder#defaults()} to start from the shipped prices. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The price that applies to {@code model} of {@code vendor}, if known. Each answer is kept per vendor and
     * model as asked (the table never changes): matching an id (case folding, then a scan for a priced prefix
     * with a version stamp) costs far more than the rest of a routed call's accounting, and the router asks on
     * every attempt. At most {@link #MODELS_KEPT_PER_VENDOR} models are kept per vendor, so a vendor reporting
     * ever new model ids cannot grow the table's memory; past that, such ids are matched anew each time.
     */
    public Optional<ModelPrice> priceOf(String vendor, String model) {
        Objects.requireNonNull(vendor, "vendor and model must not be null");
        Objects.requireNonNull(model, "vendor and model must not be null");
        Map<String, Optional<ModelPrice>> models = answers.get(vendor);
        if (models == null) {
            models = answers.computeIfAbsent(vendor, v -> new ConcurrentHashMap<>());
        }
        Optional<ModelPrice> known = models.get(model);
        if (known == null) {
            known = match(vendor, model);
            if (models.size() < MODELS_KEPT_PER_VENDOR) {
                models.put(model, known);
            }
        }
        return known;
    }

    private Optional<ModelPrice> match(String vendor, String model) {
        String vendorKey = normalize(vendor);
        String modelId = normalize(model);
        ModelPrice exact = prices.get(key(vendorKey, modelId));
        if (exact != null) {
            return Optional.of(exact);
        }
        ModelPrice best = null;
        for (ModelPrice candidate : prices.values()) {
            String pricedModel = normalize(candidate.model());
            if (normalize(candidate.vendor()).equals(vendorKey) && modelId.startsWith(pricedModel)
                    && VERSION_STAMP.matcher(modelId.substring(pricedModel.length())).matches()
                    && (best == null || pricedModel.length() > normalize(best.model()).length())) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The exact cost in US dollars of {@code usage} on {@code model} of {@code vendor}; empty when unpriced. */
    public Optional<BigDecimal> costOf(String vendor, String model, Usage usage) {
        Objects.requireNonNull(usage, "usage must not be null");
        return priceOf(vendor, model).map(price -> price.costOf(usage));
    }

    /** Every price in the table, in no particular order. */
    public Collection<ModelPrice> prices() {
        return prices.values();
    }

    private static String normalize(String name) {
        return Objects.requireNonNull(name, "vendor and model must not be null").trim().toLowerCase(Locale.ROOT);
    }

    private static String key(String vendor, String model) {
        return vendor + '\u0000' + model;
    }

    private static PricingTable loadDefaults() {
        try (InputStream in = PricingTable.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("relay4j-core is missing its price table " + DEFAULTS_RESOURCE);
            }
            return builder().load(new InputStreamReader(in, StandardCharsets.UTF_8), DEFAULTS_RESOURCE).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULTS_RESOURCE, e);
        }
    }

    /**
     * Collects prices; a later price for the same vendor and model replaces the earlier one, so
     * {@code defaults()} followed by {@code price(...)} overrides a shipped price.
     */
    public static final class Builder {

        private final Map<String, ModelPrice> prices = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds the shipped snapshot ({@link PricingTable#defaults()}). */
        public Builder defaults() {
            DEFAULTS.prices().forEach(this::price);
            return this;
        }

        /** Adds or replaces a model with no prompt-cache price (cached input is billed as input). */
        public Builder price(String vendor, String model, BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
            return price(new ModelPrice(vendor, model, inputPerMillion, outputPerMillion, Optional.empty()));
        }

        /** Adds or replaces a model's prices, in US dollars per million tokens. */
        public Builder price(String vendor, String model, BigDecimal inputPerMillion, BigDecimal outputPerMillion,
                             BigDecimal cachedInputPerMillion) {
            return price(new ModelPrice(vendor, model, inputPerMillion, outputPerMillion,
                    Optional.of(Objects.requireNonNull(cachedInputPerMillion, "cachedInputPerMillion"))));
        }

        /** Adds or replaces one price. */
        public Builder price(ModelPrice price) {
            Objects.requireNonNull(price, "price must not be null");
            prices.put(key(normalize(price.vendor()), normalize(price.model())), price);
            return this;
        }

        /** Adds the prices of a CSV file in the format of the shipped table (see {@link PricingTable}). */
        public Builder load(Path csvFile) {
            try (Reader reader = Files.newBufferedReader(csvFile, StandardCharsets.UTF_8)) {
                return load(reader, csvFile.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read price table " + csvFile, e);
            }
        }

        /**
         * Adds the prices of CSV text: {@code #} comment lines, a header line
         * {@code vendor,model,input,output,cached_input}, then one model a line with prices in US dollars
         * per million tokens ({@code cached_input} may be empty).
         *
         * @param source names the input in error messages
         * @throws IllegalArgumentException naming the line when the text is not in that format
         */
        public Builder load(Reader csv, String source) {
            List<ModelPrice> parsed = PricingCsv.parse(csv, source);
            parsed.forEach(this::price);
            return this;
        }

        public PricingTable build() {
            return new PricingTable(prices);
        }
    }
}
