package io.relay4j.providers.internal.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmResponse;
import io.relay4j.streaming.LlmChunks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;

/**
 * Folding a Chat Completions stream ({@code LlmChunks.toResponse} over the parser's chunks) gives the answer the whole
 * decoder gives for the same answer: message (reasoning, text, tool calls, vendor state), finish reason, usage, model.
 */
class OpenAiFoldEquivalenceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"text", "tool-call-single", "tool-calls-parallel", "text-then-tool", "deepseek-reasoning-tool-call",
            "ollama-reasoning"})
    void aFoldedStreamEqualsTheWholeAnswer(String answer) {
        OpenAiWire wire = OpenAiWire.compatible();
        LlmResponse whole = wire.whole(answer + ".json");

        LlmResponse folded = LlmChunks.toResponse(Flux.fromIterable(wire.stream(answer + ".sse")),
                OpenAiWire.PROVIDER).block();

        assertThat(folded.message()).isEqualTo(whole.message());
        assertThat(folded.finishReason()).isEqualTo(whole.finishReason());
        assertThat(folded.usage()).isEqualTo(whole.usage());
        assertThat(folded.model()).isEqualTo(whole.model());
    }
}
