package io.relay4j.providers.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One WireMock server on a dynamic port for the whole test run (starting one per class costs seconds),
 * reset before each test. Register with {@code @ExtendWith(SharedWireMock.class)}.
 */
public final class SharedWireMock implements BeforeEachCallback {

    private static WireMockServer server;

    public static synchronized WireMockServer server() {
        if (server == null) {
            WireMockServer s = new WireMockServer(wireMockConfig().dynamicPort().dynamicHttpsPort());
            s.start();
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
            server = s;
        }
        return server;
    }

    /** {@code http://localhost:<port>}. */
    public static String baseUrl() {
        // WireMockServer.baseUrl() prefers https once an https port is open
        return "http://localhost:" + server().port();
    }

    /** {@code https://localhost:<port>}, served with WireMock's self-signed certificate. */
    public static String httpsBaseUrl() {
        return "https://localhost:" + server().httpsPort();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server().resetAll();
    }
}
