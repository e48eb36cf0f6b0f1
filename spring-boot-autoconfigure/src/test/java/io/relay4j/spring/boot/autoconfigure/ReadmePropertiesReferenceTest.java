package io.relay4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;

/**
 * The README's properties reference against the configuration metadata the build generates (what IDEs complete):
 * every {@code relay4j.router.*} and {@code relay4j.state.*} property there has its row, and every provider setting
 * (the properties of {@link Relay4jProperties.Provider}, which the metadata gives as the type of the
 * {@code relay4j.providers} map) has its row, so the reference cannot fall behind the code.
 */
class ReadmePropertiesReferenceTest {

    @Test
    void everyRouterAndStatePropertyOfTheMetadataHasItsRowInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> routerProperties = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the configuration processor's metadata").isNotNull();
            JsonNode metadata = new ObjectMapper().readTree(in);
            metadata.get("properties").forEach(p -> {
                String name = p.get("name").asText();
                if (name.startsWith("relay4j.router.") || name.startsWith("relay4j.state.")) {
                    routerProperties.add(name);
                }
                if (name.startsWith("relay4j.")) {
                    assertThat(p.has("description")).as(name + " has a description (Javadoc on its field)").isTrue();
                }
            });
        }
        assertThat(routerProperties).hasSizeGreaterThan(30).contains("relay4j.state.redis.uri");
        for (String property : routerProperties) {
            assertThat(readme).as("README row for " + property)
                    .contains("| `" + property.substring("relay4j.".length()) + "` |");
        }
    }

    @Test
    void everyProviderSettingHasItsRowInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("### Provider properties"),
                readme.indexOf("### Router properties"));
        int settings = 0;
        for (var descriptor : BeanUtils.getPropertyDescriptors(Relay4jProperties.Provider.class)) {
            if (descriptor.getWriteMethod() == null) {
                continue;
            }
            String kebab = descriptor.getName().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
            assertThat(section).as("README row for relay4j.providers.NAME." + kebab).contains("| `" + kebab + "` |");
            settings++;
        }
        assertThat(settings).isGreaterThan(30);
    }
}
