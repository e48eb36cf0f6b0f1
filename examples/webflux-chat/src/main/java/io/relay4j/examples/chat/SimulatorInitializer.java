package io.relay4j.examples.chat;

import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Vendor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;

/**
 * Unless {@code chat.simulator.enabled} is false (the {@code real} profile sets it so), starts a simulated vendor
 * server for each provider under {@code relay4j.providers} and points the provider at it: its {@code base-url} and a
 * placeholder {@code api-key} are added ahead of {@code application.yml}, so the starter builds the very providers
 * it would for the vendors, only calling localhost. Runs before the context's beans are created, which is what lets
 * the addresses of servers on free ports reach the router's properties; the servers are then the
 * {@link SimulatedVendors} bean. Registered in {@code META-INF/spring.factories}, so tests get it too.
 *
 * <p>{@code chat.simulator.token-delay} (default 40ms) and {@code chat.simulator.answer-tokens} (default 30) set how
 * fast and how long the simulated answers are.
 */
public final class SimulatorInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String BEAN_NAME = "simulatedVendors";
    /** The key every simulated provider sends: the simulator checks that one is present and accepts any. */
    static final String SIMULATED_KEY = "simulated-key";

    /** The shape of one {@code relay4j.providers.NAME} entry this initializer reads. */
    record ProviderEntry(String vendor) {
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        Binder binder = Binder.get(environment);
        if (!binder.bind("chat.simulator.enabled", Boolean.class).orElse(true)) {
            return;
        }
        Map<String, ProviderEntry> providers = binder
                .bind("relay4j.providers", Bindable.mapOf(String.class, ProviderEntry.class)).orElse(Map.of());
        Map<String, Vendor> vendors = new LinkedHashMap<>();
        providers.forEach((name, entry) -> vendors.put(name, vendorOf(name, entry.vendor())));
        Behaviour healthy = Behaviour.builder()
                .tokenDelay(binder.bind("chat.simulator.token-delay", Duration.class).orElse(Duration.ofMillis(40)))
                .answerTokens(binder.bind("chat.simulator.answer-tokens", Integer.class).orElse(30))
                .build();
        SimulatedVendors simulated = SimulatedVendors.start(vendors, healthy);

        Map<String, Object> connections = new LinkedHashMap<>();
        for (String name : simulated.providers()) {
            connections.put("relay4j.providers." + name + ".base-url", simulated.baseUrl(name));
            connections.put("relay4j.providers." + name + ".api-key", SIMULATED_KEY);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("chatSimulator", connections));

        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        beans.registerSingleton(BEAN_NAME, simulated);
        // registered before every other bean, so destroyed after the router that calls it
        if (beans instanceof DefaultSingletonBeanRegistry registry) {
            registry.registerDisposableBean(BEAN_NAME, simulated);
        }
    }

    private static Vendor vendorOf(String provider, String vendor) {
        String name = vendor == null ? "" : vendor.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "openai", "openai-compatible" -> Vendor.OPENAI;
            case "anthropic" -> Vendor.ANTHROPIC;
            case "gemini" -> Vendor.GEMINI;
            case "azure-openai" -> Vendor.AZURE_OPENAI;
            default -> throw new IllegalStateException("relay4j.providers." + provider + ".vendor: '" + vendor
                    + "' has no simulator (openai, openai-compatible, anthropic, gemini, azure-openai)");
        };
    }
}
