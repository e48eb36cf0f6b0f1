package io.relay4j.providers.internal.http;

import io.relay4j.providers.ProviderBuilder;
import java.util.Objects;
import java.util.function.Function;

/**
 * Hands a {@link ProviderBuilder}'s validated settings to the vendor code that builds the provider, so that the
 * internal {@link ProviderSettings} never appears in a public or protected signature of the builder. The builder
 * installs its reader once, when its class is initialised: any builder instance that exists has done so.
 */
public final class BuilderSettings {

    private static volatile Function<ProviderBuilder<?>, ProviderSettings> reader;

    private BuilderSettings() {
    }

    /** Called once, by {@link ProviderBuilder}'s static initialiser; a second call fails. */
    public static synchronized void install(Function<ProviderBuilder<?>, ProviderSettings> settingsReader) {
        Objects.requireNonNull(settingsReader, "settingsReader");
        if (reader != null) {
            throw new IllegalStateException("the builder settings reader is already installed");
        }
        reader = settingsReader;
    }

    /**
     * Checks what is missing or inconsistent in {@code builder} and returns its validated settings; vendor
     * builders call it first in {@code build()}.
     *
     * @throws IllegalStateException naming the builder method to call
     */
    public static ProviderSettings of(ProviderBuilder<?> builder) {
        Objects.requireNonNull(builder, "builder");
        return reader.apply(builder);
    }
}
