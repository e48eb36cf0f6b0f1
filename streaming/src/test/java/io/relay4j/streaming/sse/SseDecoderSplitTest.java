package io.relay4j.streaming.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.testing.NettyLeakGuard;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * However the network cuts a stream into buffers, the decoder yields the same events: every single cut point,
 * one byte per buffer, and many seeded random multi-cuts of realistic vendor streams and tricky ones.
 */
class SseDecoderSplitTest {

    @RegisterExtension
    static final NettyLeakGuard LEAK_GUARD = new NettyLeakGuard();

    private static final int RANDOM_SPLITS_PER_STREAM = 400;

    private final BodyBuffers buffers = new BodyBuffers();
    private final SseDecoder decoder = new SseDecoder("split-test");

    @AfterEach
    void everyBufferWasReleased() {
        buffers.assertAllReleased();
    }

    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of("OpenAI chat, LF", OPENAI, List.of(
                        msg(OPENAI_CHUNK_1), msg(OPENAI_CHUNK_2), msg(OPENAI_CHUNK_3), msg(OPENAI_USAGE), msg("[DONE]"))),
                Arguments.of("Anthropic messages, named events and pings", ANTHROPIC, List.of(
                        ev("message_start", ANTHROPIC_START), ev("ping", "{\"type\": \"ping\"}"),
                        ev("content_block_delta", ANTHROPIC_DELTA), ev("message_delta", ANTHROPIC_STOP),
                        ev("message_stop", "{\"type\":\"message_stop\"}"))),
                Arguments.of("Gemini, CRLF", GEMINI, List.of(msg(GEMINI_CHUNK_1), msg(GEMINI_CHUNK_2))),
                Arguments.of("tricky: BOM, CR, comments, multi-line, multi-byte, id, retry, tail", TRICKY, List.of(
                        new ServerSentEvent("message", "Grüße € 😀\nline two", "", OptionalLong.empty()),
                        new ServerSentEvent("update", "", "42", OptionalLong.of(1500)),
                        new ServerSentEvent("message", "\uFEFFkept", "42", OptionalLong.empty()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void theWholeStreamInOneBufferGivesTheExpectedEvents(String name, String stream, List<ServerSentEvent> expected) {
        assertThat(decode(BodyBuffers.utf8(stream))).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void everySingleCutPointGivesTheSameEvents(String name, String stream, List<ServerSentEvent> expected) {
        byte[] bytes = BodyBuffers.utf8(stream);
        for (int cut = 0; cut <= bytes.length; cut++) {
            assertThat(decode(bytes, cut)).as("cut at byte %d", cut).containsExactlyElementsOf(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void oneBytePerBufferGivesTheSameEvents(String name, String stream, List<ServerSentEvent> expected) {
        byte[] bytes = BodyBuffers.utf8(stream);
        int[] everyByte = new int[bytes.length - 1];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        assertThat(decode(bytes, everyByte)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void randomMultiCutsGiveTheSameEvents(String name, String stream, List<ServerSentEvent> expected) {
        byte[] bytes = BodyBuffers.utf8(stream);
        Random random = new Random(20261125L + name.hashCode());
        for (int round = 0; round < RANDOM_SPLITS_PER_STREAM; round++) {
            int[] cuts = randomCuts(random, bytes.length);
            assertThat(decode(bytes, cuts)).as("cuts %s", Arrays.toString(cuts))
                    .containsExactlyElementsOf(expected);
        }
    }

    private List<ServerSentEvent> decode(byte[] bytes, int... cuts) {
        return decoder.decode(buffers.split(bytes, cuts)).collectList().block(Duration.ofSeconds(5));
    }

    private static int[] randomCuts(Random random, int length) {
        int count = 1 + random.nextInt(12);
        TreeSet<Integer> cuts = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            cuts.add(random.nextInt(length + 1));
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static ServerSentEvent msg(String data) {
        return ServerSentEvent.message(data);
    }

    private static ServerSentEvent ev(String type, String data) {
        return new ServerSentEvent(type, data, "", OptionalLong.empty());
    }

    private static String lf(List<String> events) {
        StringBuilder sb = new StringBuilder();
        events.forEach(e -> sb.append(e).append("\n\n"));
        return sb.toString();
    }

    private static final String OPENAI_CHUNK_1 = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}";
    private static final String OPENAI_CHUNK_2 = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi ñ 日本\"},\"finish_reason\":null}]}";
    private static final String OPENAI_CHUNK_3 = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}";
    private static final String OPENAI_USAGE = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}";
    private static final String OPENAI = lf(List.of("data: " + OPENAI_CHUNK_1, "data: " + OPENAI_CHUNK_2,
            "data: " + OPENAI_CHUNK_3, "data: " + OPENAI_USAGE, "data: [DONE]"));

    private static final String ANTHROPIC_START = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":"
            + "\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude\",\"stop_reason\":null,"
            + "\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}";
    private static final String ANTHROPIC_DELTA = "{\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello 👋\"}}";
    private static final String ANTHROPIC_STOP = "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}";
    private static final String ANTHROPIC = lf(List.of(
            "event: message_start\ndata: " + ANTHROPIC_START,
            "event: ping\ndata: {\"type\": \"ping\"}",
            "event: content_block_delta\ndata: " + ANTHROPIC_DELTA,
            "event: message_delta\ndata: " + ANTHROPIC_STOP,
            "event: message_stop\ndata: {\"type\":\"message_stop\"}"));

    private static final String GEMINI_CHUNK_1 = "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Certainly\"}],"
            + "\"role\": \"model\"},\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 8,\"totalTokenCount\": 8}}";
    private static final String GEMINI_CHUNK_2 = "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"! Ça va ✓\"}],"
            + "\"role\": \"model\"},\"finishReason\": \"STOP\",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 8,"
            + "\"candidatesTokenCount\": 4,\"totalTokenCount\": 12}}";
    private static final String GEMINI = "data: " + GEMINI_CHUNK_1 + "\r\n\r\ndata: " + GEMINI_CHUNK_2 + "\r\n\r\n";

    private static final String TRICKY = "\uFEFF: comment first\r\n"
            + "data:Grüße € 😀\r\n"
            + "data: line two\r\r"
            + ": keep-alive\n\n"
            + "event: ignored because no data\r\n\r\n"
            + "event: update\r\nid: 42\rretry: 1500\ndata\n\n"
            + "\uFEFFdata: not a data field\n"
            + "data: \uFEFFkept\r\n\r\n"
            + "data: unterminated tail dropped\n";
}
