package io.relay4j.providers.gemini;

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
import reactor.core.publisher.Flux;

/** Fixtures written from Gemini's documented wire format (src/test/resources/gemini). */
final class GeminiFixtures {

    static final String PROVIDER = "gemini";
    static final String KEY = "AIzaSyTest-0123456789abcdefghijklmnop";
    static final String MODEL = "gemini-2.5-flash";

    private GeminiFixtures() {
    }

    static GeminiProtocol protocol() {
        return protocol(MODEL);
    }

    /** The protocol of a provider whose default model is {@code model}. */
    static GeminiProtocol protocol(String model) {
        return new GeminiProtocol(new GeminiSettings(PROVIDER, ApiKey.of(KEY), model));
    }

    static byte[] bytes(String resource) {
        return Fixtures.text("gemini/" + resource).getBytes(StandardCharsets.UTF_8);
    }

    /** A recorded-shape payload of the content model (src/test/resources/wire/gemini). */
    static byte[] wire(String resource) {
        return Fixtures.text("wire/gemini/" + resource).getBytes(StandardCharsets.UTF_8);
    }

    /** The events of an SSE body that arrives as two network buffers, split after {@code split} bytes. */
    static List<ServerSentEvent> events(byte[] body, int split) {
        return new SseDecoder(PROVIDER).decode(Flux.just(Unpooled.wrappedBuffer(body, 0, split),
                Unpooled.wrappedBuffer(body, split, body.length - split))).collectList().block();
    }

    static HttpReply reply(int status, byte[] body) {
        return new HttpReply(PROVIDER, status, Map.of(), body, Duration.ofMillis(7));
    }

    static HttpReply reply(int status, String body) {
        return reply(status, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The events of a CRLF-framed, data-only SSE fixture, as the real decoder reads them. */
    static List<ServerSentEvent> events(String resource) {
        return new SseDecoder(PROVIDER).decode(Flux.just(Unpooled.wrappedBuffer(bytes(resource)))).collectList()
                .block();
    }
}
