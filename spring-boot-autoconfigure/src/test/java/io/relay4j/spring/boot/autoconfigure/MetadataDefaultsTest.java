package io.relay4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relay4j.core.router.AdaptiveConcurrency;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionService;

/**
 * The defaults the configuration metadata shows IDEs (written by hand in additional-spring-configuration-metadata.json,
 * since the fields start from relay4j's own defaults, which the annotation processor cannot read) are the values an
 * unconfigured {@link Relay4jProperties} holds, which are relay4j's defaults: the metadata cannot drift from the
 * library.
 */
class MetadataDefaultsTest {

    private static final Pattern KEBAB = Pattern.compile("-([a-z])");

    @Test
    void everyDefaultInTheMetadataIsTheValueAnUnconfiguredPropertyHolds() throws IOException {
        ConversionService conversion = ApplicationConversionService.getSharedInstance();
        BeanWrapperImpl defaults = new BeanWrapperImpl(new Relay4jProperties());
        int checked = 0;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            JsonNode metadata = new ObjectMapper().readTree(in);
            for (JsonNode property : metadata.get("properties")) {
                String name = property.get("name").asText();
                if (!name.startsWith("relay4j.") || !property.has("defaultValue")) {
                    continue;
                }
                String path = camel(name.substring("relay4j.".length()));
                Class<?> type = defaults.getPropertyType(path);
                Object declared = conversion.convert(property.get("defaultValue").asText(), type);
                assertThat(defaults.getPropertyValue(path)).as("default of " + name).isEqualTo(declared);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(25);
    }

    /**
     * A provider's {@code adaptive-concurrency.*} settings are not in the metadata ({@code relay4j.providers} is a map,
     * whose values the processor does not list), so their defaults are checked here: enabled with nothing else set,
     * they are relay4j's.
     */
    @Test
    void aProvidersAdaptiveConcurrencySettingsStartFromRelay4jsDefaults() {
        Relay4jProperties.AdaptiveConcurrencyProperties unset = new Relay4jProperties.AdaptiveConcurrencyProperties();
        AdaptiveConcurrency defaults = AdaptiveConcurrency.ofDefaults();
        assertThat(unset.isEnabled()).isFalse();
        assertThat(unset.getMinLimit()).isEqualTo(defaults.minLimit());
        assertThat(unset.getMaxLimit()).isEqualTo(defaults.maxLimit());
        assertThat(unset.getInitialLimit()).as("unset: 20, or the nearest limit, as relay4j's builder does").isNull();
        assertThat(unset.getBackoffRatio()).isEqualTo(defaults.backoffRatio());
        assertThat(unset.getLatencyTolerance()).isEqualTo(defaults.latencyTolerance());
        assertThat(unset.getRateLimitHeadroom()).isEqualTo(defaults.rateLimitHeadroom());
    }

    private static String camel(String kebab) {
        Matcher m = KEBAB.matcher(kebab);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, m.group(1).toUpperCase(java.util.Locale.ROOT));
        }
        return m.appendTail(sb).toString();
    }
}
