package io.relay4j.providers.internal.openai;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.StreamParser;
import io.relay4j.providers.openai.TokenLimitField;
import io.relay4j.providers.testing.Fixtures;
import io.relay4j.streaming.sse.ServerSentEvent;
import io.relay4j.streaming.sse.SseDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;

/**
 * A test kit for the Chat Completions protocol without a server: the recorded payloads under
 * {@code src/test/resources/wire/openai}, decoded whole, or streamed through the real SSE decoder and a parser.
 */
final class OpenAiWire {

    static final String PROVIDER = "deepseek-1";
    static final String VENDOR = "deepseek";

    private final OpenAiProtocol protocol;

    private OpenAiWire(OpenAiOptions options) {
        this.protocol = new OpenAiProtocol(options);
    }

    /** A compatible server's protocol ({@value #PROVIDER} of {@value #VENDOR}). */
    static OpenAiWire compatible() {
        return new OpenAiWire(options(PROVIDER, VENDOR, OpenAiOptions.Family.COMPATIBLE));
    }

    /** OpenAI's protocol (provider {@code openai}). */
    static OpenAiWire openAi() {
        return new OpenAiWire(options("openai", "openai", OpenAiOptions.Family.OPENAI));
    }

    static OpenAiOptions options(String provider, String vendor, OpenAiOptions.Family family) {
        return new OpenAiOptions(provider, "configured-model", Optional.empty(), OpenAiOptions.Auth.BEARER,
                "/chat/completions", Map.of(), TokenLimitField.MAX_COMPLETION_TOKENS, true, vendor, family);
    }

    OpenAiProtocol protocol() {
        return protocol;
    }

    static byte[] bytes(String resource) {
        return Fixtures.text("wire/openai/" + resource).getBytes(StandardCharsets.UTF_8);
    }

    static HttpReply reply(byte[] body) {
        return new HttpReply(PROVIDER, 200, Map.of(), body, Duration.ofMillis(42));
    }

    /** The whole answer of a JSON fixture. */
    LlmResponse whole(String resource) {
        return protocol.decodeResponse(reply(bytes(resource)), LlmRequest.of("q"));
    }

    /** Every chunk of an SSE fixture, the last one ({@code onEnd}) included. */
    List<LlmChunk> stream(String resource) {
        return stream(LlmRequest.of("q"), bytes(resource));
    }

    /** Every chunk of an SSE body delivered in the given pieces, the last one included. */
    List<LlmChunk> stream(LlmRequest request, byte[]... pieces) {
        ByteBuf[] buffers = Arrays.stream(pieces).map(Unpooled::wrappedBuffer).toArray(ByteBuf[]::new);
        List<ServerSentEvent> events = new SseDecoder(PROVIDER).decode(Flux.just(buffers)).collectList().block();
        StreamParser parser = protocol.newStreamParser(reply(new byte[0]), request);
        List<LlmChunk> chunks = new ArrayList<>();
        for (ServerSentEvent event : events) {
            chunks.addAll(parser.onEvent(event));
            if (parser.isFinished()) {
                break;
            }
        }
        chunks.add(parser.onEnd());
        return chunks;
    }

    /** The SSE fixture split in two at {@code at}. */
    List<LlmChunk> streamSplitAt(String resource, int at) {
        byte[] body = bytes(resource);
        return stream(LlmRequest.of("q"), Arrays.copyOfRange(body, 0, at), Arrays.copyOfRange(body, at, body.length));
    }

    static LlmChunk last(List<LlmChunk> chunks) {
        return chunks.get(chunks.size() - 1);
    }
}
