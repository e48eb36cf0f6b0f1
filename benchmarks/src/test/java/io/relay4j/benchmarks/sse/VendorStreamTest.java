package io.relay4j.benchmarks.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.relay4j.streaming.sse.ServerSentEvent;
import io.relay4j.streaming.sse.SseDecoder;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class VendorStreamTest {

    @Test
    void openAiStreamDecodesIntoTheAnnouncedEventsEndingWithDone() {
        VendorStream stream = VendorStream.openAiChat(50, 7);

        List<ServerSentEvent> events = decode(ReadSplit.PER_EVENT.split(stream.body()));

        assertThat(events).hasSize(stream.eventCount()).hasSize(54);
        assertThat(events.get(0).data()).contains("\"role\":\"assistant\"");
        assertThat(events.get(events.size() - 2).data()).contains("\"usage\"");
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
    }

    @Test
    void anthropicStreamDecodesIntoNamedEventsFromStartToStop() {
        VendorStream stream = VendorStream.anthropicMessages(50, 7);

        List<ServerSentEvent> events = decode(ReadSplit.READS_16K.split(stream.body()));

        assertThat(events).hasSize(stream.eventCount()).hasSize(56);
        assertThat(events.get(0).event()).isEqualTo("message_start");
        assertThat(events.get(3).event()).isEqualTo("content_block_delta");
        assertThat(events.get(events.size() - 1).event()).isEqualTo("message_stop");
    }

    @Test
    void geminiStreamUsesCrLfAndPutsTheFinishReasonOnTheLastEvent() {
        VendorStream stream = VendorStream.geminiContent(20, 7);

        List<byte[]> reads = ReadSplit.PER_EVENT.split(stream.body());
        List<ServerSentEvent> events = decode(reads);

        assertThat(reads).hasSize(20);
        assertThat(new String(stream.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("}\r\n\r\ndata: ");
        assertThat(events).hasSize(stream.eventCount()).hasSize(20);
        assertThat(events.get(18).data()).doesNotContain("finishReason");
        assertThat(events.get(19).data()).contains("\"finishReason\": \"STOP\"", "\"candidatesTokenCount\": 20");
    }

    @Test
    void everySplitConcatenatesBackToTheBody() {
        VendorStream stream = VendorStream.openAiChat(200, 3);
        for (ReadSplit split : ReadSplit.values()) {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            List<byte[]> reads = split.split(stream.body());
            reads.forEach(joined::writeBytes);
            assertThat(joined.toByteArray()).as(split.name()).isEqualTo(stream.body());
        }
        assertThat(ReadSplit.PER_EVENT.split(stream.body())).hasSize(stream.eventCount());
        assertThat(ReadSplit.READS_16K.split(stream.body())).hasSize((stream.body().length + 16383) / 16384);
    }

    private static List<ServerSentEvent> decode(List<byte[]> reads) {
        Flux<ByteBuf> body = Flux.fromIterable(reads).map(Unpooled::wrappedBuffer);
        return new SseDecoder("test").decode(body).collectList().block();
    }
}
