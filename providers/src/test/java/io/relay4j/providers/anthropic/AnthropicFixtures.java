package io.relay4j.providers.anthropic;

import io.netty.buffer.Unpooled;
import io.relay4j.providers.internal.ApiKey;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.testing.Fixtures;
import io.relay4j.streaming.sse.SseDecoder;
import io.relay4j.streaming.sse.ServerSentEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import reactor.core.publisher.Flux;

/** Fixtures written from Anthropic's documented wire format (src/test/resources/anthropic). */
final class AnthropicFixtures {

    static final String PROVIDER = "claude";
    static final String KEY = "sk-ant-api03-test-key-0123456789";
    static final String MODEL = "claude-sonnet-4-5";

    private AnthropicFixtures() {
    }

    static AnthropicProtocol protocol() {
        return new AnthropicProtocol(new AnthropicSettings(PROVIDER, ApiKey.of(KEY), MODEL, 1024));
    }

    static byte[] bytes(String resource) {
        return Fixtures.text("anthropic/" + resource).getBytes(StandardCharsets.UTF_8);
    }

    /** A recorded-shape payload of src/test/resources/wire/anthropic. */
    static byte[] wire(String resource) {
        return Fixtures.text("wire/anthropic/" + resource).getBytes(StandardCharsets.UTF_8);
    }

    /** The events of SSE bytes delivered in the given pieces, as the real decoder reads them. */
    static List<ServerSentEvent> events(byte[]... pieces) {
        return new SseDecoder(PROVIDER).decode(Flux.fromArray(pieces).map(Unpooled::wrappedBuffer)).collectList()
                .block();
    }

    static HttpReply reply(int status, Map<String, String> headers, byte[] body) {
        return new HttpReply(PROVIDER, status, headers, body, Duration.ofMillis(42));
    }

    static HttpReply reply(int status, String body) {
        return reply(status, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The events of an SSE fixture, as the real decoder reads them. */
    static List<ServerSentEvent> events(String resource) {
        return new SseDecoder(PROVIDER).decode(Flux.just(Unpooled.wrappedBuffer(bytes(resource)))).collectList()
                .block();
    }

    static ServerSentEvent event(String name, String data) {
        return new ServerSentEvent(name, data, "", OptionalLong.empty());
    }
}
