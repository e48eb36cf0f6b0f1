package io.relay4j.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.providers.azure.AzureOpenAiProvider;
import io.relay4j.providers.openai.OpenAiProvider;
import io.relay4j.providers.testing.Fixtures;
import io.relay4j.providers.testing.SharedWireMock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The API key appears nowhere a user might see it: not in an exception message (causes included), not in
 * a provider's or builder's toString, not in a log line, whether calls succeed or fail, even when the
 * vendor echoes the key back.
 */
@ExtendWith({NettyLeakGuard.class, SharedWireMock.class})
class ApiKeyLeakTest {

    private static final String KEY = "sk-proj-LeakCanary0123456789abcdefXYZ";
    private static final String AZURE_KEY = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private static final String PATH = "/v1/chat/completions";

    private final WireMockServer server = SharedWireMock.server();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger netty = (Logger) LoggerFactory.getLogger("reactor.netty");
    private Level nettyLevel;

    @BeforeEach
    void captureLogs() {
        logs.start();
        root.addAppender(logs);
        nettyLevel = netty.getLevel();
        netty.setLevel(Level.DEBUG);
    }

    @AfterEach
    void releaseLogs() {
        root.detachAppender(logs);
        netty.setLevel(nettyLevel);
    }

    @Test
    void keyLeaksNowhereOnSuccessOrFailure() {
        List<String> seen = new ArrayList<>();
        OpenAiProvider.Builder builder = OpenAiProvider.builder().name("openai").apiKey(KEY).model("gpt-4o-mini")
                .baseUrl(SharedWireMock.baseUrl() + "/v1").strictStreams(true);
        seen.add(builder.toString());
        try (OpenAiProvider provider = builder.build()) {
            seen.add(provider.toString());
            seen.add(provider.info().toString());

            server.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withBody(Fixtures.text("openai/chat-completion.json"))));
            seen.add(provider.generate(LlmRequest.of("hi")).block().toString());

            server.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                    .withBody(Fixtures.text("openai/stream.sse"))));
            provider.stream(LlmRequest.of("hi")).doOnNext(c -> seen.add(c.toString())).blockLast();

            server.stubFor(post(PATH).willReturn(aResponse().withStatus(401).withBody("{\"error\":{\"message\":"
                    + "\"Incorrect API key provided: " + KEY + ". You can find your API key at "
                    + "https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\","
                    + "\"code\":\"invalid_api_key\"}}")));
            seen.add(failureText(() -> provider.generate(LlmRequest.of("hi")).block()));
            seen.add(failureText(() -> provider.stream(LlmRequest.of("hi")).blockLast()));

            server.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                    .withBody("data: {\"error\":{\"message\":\"key " + KEY + " revoked\",\"type\":\"server_error\"}}\n\n")));
            seen.add(failureText(() -> provider.stream(LlmRequest.of("hi")).blockLast()));

            server.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                    .withBody("data: {broken " + KEY + "\n\n")));
            seen.add(failureText(() -> provider.stream(LlmRequest.of("hi")).blockLast()));

            server.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                    .withBody("data: " + KEY + "\n\n")));
            seen.add(failureText(() -> provider.stream(LlmRequest.of("hi")).blockLast()));

            server.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withBody("{\"choices\": " + KEY + "}")));
            seen.add(failureText(() -> provider.generate(LlmRequest.of("hi")).block()));

            server.stubFor(post(PATH).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
            seen.add(failureText(() -> provider.generate(LlmRequest.of("hi")).block()));
        }
        try (AzureOpenAiProvider azure = AzureOpenAiProvider.builder().name("azure").apiKey(AZURE_KEY)
                .endpoint(SharedWireMock.baseUrl()).deployment("d").apiVersion("2024-10-21").build()) {
            seen.add(azure.toString());
            server.stubFor(post("/openai/deployments/d/chat/completions?api-version=2024-10-21").willReturn(aResponse()
                    .withStatus(401).withBody("{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid "
                            + "subscription key " + AZURE_KEY + ".\"}}")));
            seen.add(failureText(() -> azure.generate(LlmRequest.of("hi")).block()));
        }
        root.detachAppender(logs);
        List<ILoggingEvent> events;
        synchronized (logs) {
            // event loops may still be appending: AppenderBase appends under the appender's lock
            events = new ArrayList<>(logs.list);
        }
        events.forEach(event -> seen.add(render(event)));

        assertThat(seen).hasSizeGreaterThan(12);
        assertThat(seen).noneMatch(s -> s.contains(KEY) || s.contains("LeakCanary") || s.contains(AZURE_KEY));
        assertThat(String.join("\n", seen)).contains("[redacted]");
    }

    private static String failureText(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            StringBuilder sb = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                sb.append(t).append('\n');
                for (Throwable s : t.getSuppressed()) {
                    sb.append(s).append('\n');
                }
            }
            return sb.toString();
        }
        throw new AssertionError("the call was expected to fail");
    }

    private static String render(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            sb.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return sb.toString();
    }
}
