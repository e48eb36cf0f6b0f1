package io.relay4j.providers.gemini;

import static io.relay4j.providers.gemini.GeminiFixtures.PROVIDER;
import static io.relay4j.providers.gemini.GeminiFixtures.reply;
import static io.relay4j.providers.gemini.GeminiFixtures.wire;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.providers.internal.StreamParser;
import io.relay4j.streaming.LlmChunks;
import io.relay4j.streaming.sse.ServerSentEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;

/**
 * Folding a parsed Gemini stream with {@link LlmChunks#toResponse} gives what the whole decoder gives for the same
 * answer, recorded both ways: text, tool calls (2.5 without ids, 3 with ids and a signature, text then a call) and
 * reasoning with a signed empty part.
 */
class GeminiFoldEquivalenceTest {

    @ParameterizedTest
    @CsvSource({
        "whole-text.json, stream-text.sse",
        "whole-call-25.json, stream-call-25.sse",
        "whole-parallel-calls-25.json, stream-parallel-calls-25.sse",
        "whole-calls-3.json, stream-calls-3.sse",
        "whole-text-then-call.json, stream-text-then-call.sse",
        "whole-thoughts.json, stream-thoughts.sse"
    })
    void theFoldedStreamEqualsTheWholeAnswer(String whole, String stream) {
        GeminiProtocol protocol = GeminiFixtures.protocol();
        LlmRequest request = LlmRequest.builder().user("q").assistant("a").user("q2").build();

        LlmResponse generated = protocol.decodeResponse(reply(200, wire(whole)), request);
        StreamParser parser = protocol.newStreamParser(reply(200, new byte[0]), request);
        List<LlmChunk> chunks = new ArrayList<>();
        for (ServerSentEvent event : GeminiFixtures.events(wire(stream), 1)) {
            chunks.addAll(parser.onEvent(event));
        }
        chunks.add(parser.onEnd());
        LlmResponse folded = LlmChunks.toResponse(Flux.fromIterable(chunks), PROVIDER).block();

        assertThat(folded.message()).isEqualTo(generated.message());
        assertThat(folded.content()).isEqualTo(generated.content());
        assertThat(folded.reasoning()).isEqualTo(generated.reasoning());
        assertThat(folded.toolCalls()).isEqualTo(generated.toolCalls());
        assertThat(folded.finishReason()).isEqualTo(generated.finishReason());
        assertThat(folded.usage()).isEqualTo(generated.usage());
        assertThat(folded.model()).isEqualTo(generated.model());
        assertThat(String.join("", chunks.stream().map(LlmChunk::text).toList())).isEqualTo(generated.content());
        assertThat(String.join("", chunks.stream().map(LlmChunk::reasoning).toList()))
                .isEqualTo(generated.reasoning());
    }
}
