package io.relay4j.streaming.sse;

import io.netty.buffer.ByteBuf;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.streaming.internal.ListFlux;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;

/**
 * Decodes an HTTP response body in the {@code text/event-stream} format into {@link ServerSentEvent}s,
 * following the WHATWG HTML rules exactly: LF, CR and CRLF line ends (also split across buffers), one
 * leading byte order mark stripped, comments and unknown fields ignored, {@code data} lines joined with
 * {@code \n}, a blank line dispatching, an event without data never dispatched, an event not closed by a
 * blank line before the end of the body dropped, and the last event id carried over to later events.
 * A {@code retry} value (ASCII digits only, at most {@code Integer.MAX_VALUE}) is reported on the next event
 * dispatched after it.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Every {@link ByteBuf} the returned flux receives is released exactly once, whether the stream
 *       completes, fails or is cancelled, including buffers already queued or still in flight. Pass a body
 *       whose buffers the decoder may own: with reactor-netty, {@code response.responseContent().retain()}.</li>
 *   <li>Memory is bounded: a line or an event's data longer than {@code maxEventBytes} (in UTF-8 bytes) ends
 *       the stream with {@link MalformedResponse} naming the provider, after the events completed before it.</li>
 *   <li>Text is decoded once per complete line, so a character split between buffers stays intact;
 *       invalid UTF-8 becomes U+FFFD, as the specification's decoder does.</li>
 *   <li>Demand is respected: events are emitted only as requested, and body buffers are requested a couple
 *       at a time, so a slow consumer slows the read instead of queueing the body.</li>
 * </ul>
 * An instance holds only configuration and may decode any number of bodies concurrently.
 */
public final class SseDecoder {

    /** The default bound on one line and on one event's data: 1 MiB. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 1 << 20;


    /** Marks, in the event sequence, where the parser failed; never emitted. */
    private static final ServerSentEvent STREAM_FAILED = new ServerSentEvent("", "", "", OptionalLong.empty());

    private final String providerName;
    private final int maxEventBytes;

    /** A decoder whose errors name {@code providerName}, with the default size bound. */
    public SseDecoder(String providerName) {
        this(providerName, DEFAULT_MAX_EVENT_BYTES);
    }

    /**
     * A decoder whose errors name {@code providerName}, bounding each line and each event's data to
     * {@code maxEventBytes} UTF-8 bytes.
     */
    public SseDecoder(String providerName, int maxEventBytes) {
        Objects.requireNonNull(providerName, "providerName must not be null");
        if (providerName.isBlank()) {
            throw new IllegalArgumentException("providerName must not be blank: pass the provider's configured name");
        }
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be > 0, was " + maxEventBytes);
        }
        this.providerName = providerName;
        this.maxEventBytes = maxEventBytes;
    }

    /** Decodes reactor-netty's response body into events. Releases every ByteBuf it receives. */
    public Flux<ServerSentEvent> decode(Flux<ByteBuf> body) {
        Objects.requireNonNull(body, "body must not be null");
        return Flux.defer(() -> {
                    EventStreamParser parser = new EventStreamParser(providerName, maxEventBytes);
                    // hide(): draining a synchronously fused body on cancel would pull (and allocate) all of it.
                    // Prefetch 0: the next buffer is asked for once this one's events are out, so an open stream
                    // holds no queue (a prefetching flatten keeps a padded ~0.5 KiB queue per stream)
                    return body.hide()
                            .concatMap(buf -> ListFlux.of(parseAndRelease(parser, buf)), 0)
                            .handle((ServerSentEvent event, SynchronousSink<ServerSentEvent> sink) -> {
                                if (event == STREAM_FAILED) {
                                    sink.error(parser.failure());
                                } else {
                                    sink.next(event);
                                }
                            });
                })
                .doOnDiscard(ByteBuf.class, SseDecoder::releaseDiscarded);
    }

    /**
     * Parses and releases one buffer. A failure travels as a marker after the events completed before it, and is
     * raised downstream: the body is then cancelled, the path on which queued and late buffers are discarded.
     */
    private static List<ServerSentEvent> parseAndRelease(EventStreamParser parser, ByteBuf buf) {
        try {
            return parser.feed(buf);
        } catch (MalformedResponse tooLarge) {
            parser.fail(tooLarge);
            List<ServerSentEvent> events = new ArrayList<>(parser.takeDispatched());
            events.add(STREAM_FAILED);
            return events;
        } finally {
            buf.release();
        }
    }

    private static void releaseDiscarded(ByteBuf buf) {
        if (buf.refCnt() > 0) {
            buf.release();
        }
    }
}
