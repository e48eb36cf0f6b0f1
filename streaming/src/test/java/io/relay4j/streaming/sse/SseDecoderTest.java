package io.relay4j.streaming.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.relay4j.core.testing.NettyLeakGuard;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

/** The WHATWG event-stream rules, one scenario per rule. Every scenario also checks that every buffer was released. */
@ExtendWith(NettyLeakGuard.class)
class SseDecoderTest {

    private final BodyBuffers buffers = new BodyBuffers();
    private final SseDecoder decoder = new SseDecoder("openai");

    @AfterEach
    void everyBufferWasReleased() {
        buffers.assertAllReleased();
    }

    private List<ServerSentEvent> decode(String... parts) {
        return decode(buffers.body(parts));
    }

    private List<ServerSentEvent> decode(Flux<ByteBuf> body) {
        return decoder.decode(body).collectList().block(Duration.ofSeconds(5));
    }

    private static ServerSentEvent event(String type, String data, String id) {
        return new ServerSentEvent(type, data, id, OptionalLong.empty());
    }

    private static ServerSentEvent message(String data) {
        return ServerSentEvent.message(data);
    }

    @Test
    void lfLineEndsAndABlankLineDispatchEachEvent() {
        assertThat(decode("data: one\n\ndata: two\n\n")).containsExactly(message("one"), message("two"));
    }

    @Test
    void crLineEndsWork() {
        assertThat(decode("data: one\r\rdata: two\r\r")).containsExactly(message("one"), message("two"));
    }

    @Test
    void crlfLineEndsWork() {
        assertThat(decode("data: one\r\n\r\ndata: two\r\n\r\n")).containsExactly(message("one"), message("two"));
    }

    @Test
    void mixedLineEndsWork() {
        assertThat(decode("data: a\rdata: b\ndata: c\r\n\n")).containsExactly(message("a\nb\nc"));
    }

    @Test
    void aCrlfSplitBetweenBuffersIsOneLineEnd() {
        assertThat(decode("data: one\r", "\n\r", "\n")).containsExactly(message("one"));
        assertThat(decode("data: one\r", "\ndata: two\r", "\n\r\n")).containsExactly(message("one\ntwo"));
    }

    @Test
    void aCrAtTheEndOfABufferFollowedByTextIsALineEnd() {
        assertThat(decode("data: one\r", "data: two\r", "\r")).containsExactly(message("one\ntwo"));
    }

    @Test
    void twoCrsAreTwoLineEndsNotOne() {
        assertThat(decode("data: one\r\r", "data: two\n\n")).containsExactly(message("one"), message("two"));
    }

    @Test
    void aByteOrderMarkAtTheVeryStartIsStripped() {
        assertThat(decode("\uFEFFdata: one\n\n")).containsExactly(message("one"));
    }

    @Test
    void aByteOrderMarkSplitOverBuffersAtTheStartIsStripped() {
        byte[] bytes = BodyBuffers.utf8("\uFEFFdata: one\n\n");
        assertThat(decode(buffers.split(bytes, 1, 2))).containsExactly(message("one"));
    }

    @Test
    void aByteOrderMarkAloneOnTheFirstLineMakesItBlank() {
        assertThat(decode("\uFEFF\ndata: one\n\n")).containsExactly(message("one"));
    }

    @Test
    void onlyOneByteOrderMarkIsStrippedAndOnlyAtTheStart() {
        // a second mark makes the field name "\uFEFFdata", an unknown field
        assertThat(decode("\uFEFF\uFEFFdata: lost\n\ndata: one\n\n")).containsExactly(message("one"));
        assertThat(decode("data: one\n\n\uFEFFdata: lost\n\ndata: \uFEFFkept\n\n"))
                .containsExactly(message("one"), message("\uFEFFkept"));
    }

    @Test
    void commentLinesAreIgnored() {
        assertThat(decode(": OPENROUTER PROCESSING\n\n:keep-alive\ndata: one\n: between\ndata: two\n\n"))
                .containsExactly(message("one\ntwo"));
    }

    @Test
    void severalDataLinesAreJoinedWithLineFeeds() {
        assertThat(decode("data: YHOO\ndata: +2\ndata: 10\n\n")).containsExactly(message("YHOO\n+2\n10"));
    }

    @Test
    void theEventFieldNamesTheTypeUntilTheNextDispatch() {
        assertThat(decode("event: content_block_delta\ndata: {}\n\ndata: plain\n\n"))
                .containsExactly(event("content_block_delta", "{}", ""), message("plain"));
    }

    @Test
    void anEmptyEventFieldMeansTheDefaultType() {
        assertThat(decode("event:\ndata: x\n\n")).containsExactly(message("x"));
    }

    @Test
    void theLastEventIdPersistsAcrossEventsUntilChanged() {
        assertThat(decode("id: 1\ndata: a\n\ndata: b\n\nid: 2\n\ndata: c\n\nid\ndata: d\n\n"))
                .containsExactly(event("message", "a", "1"), event("message", "b", "1"),
                        event("message", "c", "2"), event("message", "d", ""));
    }

    @Test
    void anIdContainingNulIsIgnored() {
        assertThat(decode("id: 1\ndata: a\n\nid: 2\u0000x\ndata: b\n\n"))
                .containsExactly(event("message", "a", "1"), event("message", "b", "1"));
    }

    @Test
    void retryWithDigitsOnlyIsReportedOnTheNextEvent() {
        assertThat(decode("retry: 3000\ndata: a\n\ndata: b\n\nretry: 10\n\ndata: c\n\n"))
                .containsExactly(
                        new ServerSentEvent("message", "a", "", OptionalLong.of(3000)),
                        message("b"),
                        new ServerSentEvent("message", "c", "", OptionalLong.of(10)));
    }

    @Test
    void retryWithAnythingButDigitsIsIgnored() {
        assertThat(decode("retry: 30s\ndata: a\n\nretry: -5\ndata: b\n\nretry:\ndata: c\n\n"
                + "retry: 1 0\ndata: d\n\nretry: 99999999999999999999\ndata: e\n\n"))
                .extracting(ServerSentEvent::retry)
                .containsOnly(OptionalLong.empty())
                .hasSize(5);
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertThat(decode("foo: bar\nData: shouted\ndata: one\nDATA: no\n\n")).containsExactly(message("one"));
    }

    @Test
    void aFieldWithoutColonHasAnEmptyValue() {
        assertThat(decode("data\n\n")).containsExactly(message(""));
        assertThat(decode("data\ndata\n\n")).containsExactly(message("\n"));
        assertThat(decode("event\ndata: x\n\n")).containsExactly(message("x"));
    }

    @Test
    void exactlyOneSpaceAfterTheColonIsRemoved() {
        assertThat(decode("data:test\n\ndata: test\n\ndata:  two spaces\n\ndata:\ttab\n\n"))
                .containsExactly(message("test"), message("test"), message(" two spaces"), message("\ttab"));
    }

    @Test
    void onlyTheFirstColonSplitsFieldFromValue() {
        assertThat(decode("data: {\"a\":\"b: c\"}\n\n")).containsExactly(message("{\"a\":\"b: c\"}"));
    }

    @Test
    void aBlockWithoutDataDispatchesNothingAndResetsTheType() {
        assertThat(decode("event: ping\n\nid: 7\nretry: 5\n\n\n\ndata: after\n\n"))
                .containsExactly(new ServerSentEvent("message", "after", "7", OptionalLong.of(5)));
    }

    @Test
    void anEventNotClosedByABlankLineIsDropped() {
        assertThat(decode("data: one\n\ndata: unterminated\n")).containsExactly(message("one"));
        assertThat(decode("data: one\n\ndata: no line end")).containsExactly(message("one"));
        assertThat(decode("data: one\n\ndata: cr\r")).containsExactly(message("one"));
    }

    @Test
    void anEmptyBodyGivesNoEvents() {
        assertThat(decode()).isEmpty();
        assertThat(decode("", "")).isEmpty();
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        byte[] bytes = {'d', 'a', 't', 'a', ':', ' ', 'a', (byte) 0xC3, 'b', (byte) 0xFF, '\n', '\n'};
        assertThat(decode(buffers.split(bytes))).containsExactly(message("a\uFFFDb\uFFFD"));
    }

    @Test
    void multiByteCharactersSplitAtEveryByteStayIntact() {
        String text = "é € 😀 ok"; // 2-, 3- and 4-byte characters
        byte[] bytes = BodyBuffers.utf8("data: " + text + "\n\n");
        for (int cut = 1; cut < bytes.length; cut++) {
            for (int second = cut + 1; second < bytes.length; second++) {
                assertThat(decode(buffers.split(bytes, cut, second))).as("cut at %d and %d", cut, second)
                        .containsExactly(message(text));
            }
        }
    }

    @Test
    void manyEventsInOneBufferAndOneEventOverManyBuffersDecodeTheSame() {
        assertThat(decode("data: a\n\ndata: b\n\nevent: x\ndata: c\n\n"))
                .containsExactly(message("a"), message("b"), event("x", "c", ""));
        assertThat(decode("da", "ta", ": ", "a", "\n", "\n")).containsExactly(message("a"));
    }

    @Test
    void theDecoderNeedsAProviderNameAndAPositiveLimit() {
        assertThatThrownBy(() -> new SseDecoder(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("providerName");
        assertThatThrownBy(() -> new SseDecoder("p", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEventBytes must be > 0");
        assertThatThrownBy(() -> new SseDecoder(null)).isInstanceOf(NullPointerException.class);
        assertThat(SseDecoder.DEFAULT_MAX_EVENT_BYTES).isEqualTo(1 << 20);
    }
}
