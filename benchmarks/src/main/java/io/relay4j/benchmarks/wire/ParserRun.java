package io.relay4j.benchmarks.wire;

import io.relay4j.core.LlmChunk;
import io.relay4j.providers.internal.StreamParser;
import io.relay4j.streaming.sse.ServerSentEvent;
import java.util.List;
import org.openjdk.jmh.infra.Blackhole;

/** Feeds a stream's decoded events to a fresh parser as the transport does, up to the vendor's end marker. */
public final class ParserRun {

    private ParserRun() {
    }

    /**
     * The parser's last chunk after every event.
     *
     * @param blackhole consumes each event's chunks in a benchmark; {@code null} at setup, where nothing is measured
     */
    public static LlmChunk parseAll(StreamParser parser, List<ServerSentEvent> events, Blackhole blackhole) {
        for (ServerSentEvent event : events) {
            List<LlmChunk> chunks = parser.onEvent(event);
            if (blackhole != null) {
                blackhole.consume(chunks);
            }
            if (parser.isFinished()) {
                break;
            }
        }
        return parser.onEnd();
    }
}
