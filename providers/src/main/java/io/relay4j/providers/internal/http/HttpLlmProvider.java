package io.relay4j.providers.internal.http;

import io.netty.buffer.ByteBuf;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.providers.internal.HttpCall;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.StreamParser;
import io.relay4j.providers.internal.WireProtocol;
import io.relay4j.streaming.StreamTimeouts;
import io.relay4j.streaming.sse.SseDecoder;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * An {@link LlmProvider} over HTTP for any vendor: the vendor's {@link WireProtocol} encodes and decodes,
 * this class sends, reads and enforces the contract. Each subscription makes exactly one HTTP call and
 * never resends it; every failure is typed; cancelling releases the connection and buffers; a stream emits
 * text chunks then exactly one last chunk, and a stream cut before the vendor's end marker fails.
 *
 * <p>Deadlines: connect and response-headers timeouts on the connection, then for a stream the first-token,
 * idle and total deadlines of {@link StreamTimeouts}, and for a whole answer the total timeout.
 *
 * <p>Streams: the body is decoded as server-sent events and fed to the protocol's {@link StreamParser}
 * until it reports the end marker or the body ends. An event the parser cannot read
 * ({@link MalformedResponse}) is skipped and counted unless the provider was built with strict streams;
 * any other error the parser raises (the vendor's in-stream error) ends the stream.
 *
 * <p>Vendor providers extend this class and pass their protocol; {@link #close()} disposes the connection
 * pool the provider created (a pool passed to the builder is the caller's to dispose).
 */
public class HttpLlmProvider implements LlmProvider, AutoCloseable {

    private static final Logger log = Loggers.getLogger(HttpLlmProvider.class);

    private final ProviderSettings settings;
    private final WireProtocol protocol;
    private final ProviderInfo info;
    private final HttpTransport transport;
    private final SseDecoder sseDecoder;
    private final StreamTimeouts streamTimeouts;

    /**
     * @param settings the validated settings from {@link io.relay4j.providers.ProviderBuilder}
     * @param protocol the vendor's wire protocol
     * @param vendor   the vendor as the OpenTelemetry GenAI conventions name it ({@code openai}, ...)
     */
    protected HttpLlmProvider(ProviderSettings settings, WireProtocol protocol, String vendor) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.info = new ProviderInfo(Objects.requireNonNull(vendor, "vendor"), settings.model(),
                settings.contextWindowTokens(), acceptsAssistantPrefill());
        this.transport = new HttpTransport(settings);
        this.sseDecoder = new SseDecoder(settings.name(), settings.maxEventBytes());
        this.streamTimeouts = StreamTimeouts.builder(settings.name())
                .firstToken(settings.timeouts().firstToken())
                .idle(settings.timeouts().idle())
                .total(settings.timeouts().total())
                .build();
    }

    /** Whether the vendor continues a last assistant message; vendors that do override this. */
    protected boolean acceptsAssistantPrefill() {
        return false;
    }

    @Override
    public final String name() {
        return settings.name();
    }

    @Override
    public final ProviderInfo info() {
        return info;
    }

    @Override
    public final Mono<LlmResponse> generate(LlmRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        return Mono.defer(() -> transport.exchange(encode(request, false)))
                .handle((reply, sink) -> {
                    if (reply.isSuccess()) {
                        sink.next(decode(reply, () -> protocol.decodeResponse(reply)));
                    } else {
                        sink.error(decode(reply, () -> protocol.decodeError(reply)));
                    }
                });
    }

    @Override
    public final Flux<LlmChunk> stream(LlmRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        return Flux.defer(() -> transport.stream(encode(request, true),
                reply -> decode(reply, () -> protocol.decodeError(reply)),
                this::chunks))
                .transform(streamTimeouts::apply);
    }

    private Flux<LlmChunk> chunks(HttpReply head, Flux<ByteBuf> body) {
        StreamParser parser = protocol.newStreamParser(head);
        SkippedEvents skipped = new SkippedEvents();
        return sseDecoder.decode(body)
                .map(event -> {
                    try {
                        return parser.onEvent(event);
                    } catch (MalformedResponse e) {
                        if (settings.strictStreams()) {
                            throw e;
                        }
                        skipped.count++;
                        return List.<LlmChunk>of();
                    }
                })
                // the end marker ends the read: whatever follows it is not part of the answer
                .takeUntil(chunks -> parser.isFinished())
                .concatMapIterable(chunks -> chunks)
                .filter(chunk -> !chunk.text().isEmpty())
                .concatWith(Mono.fromCallable(parser::onEnd))
                .doFinally(signal -> skipped.report(settings.name()));
    }

    private HttpCall encode(LlmRequest request, boolean stream) {
        try {
            return protocol.encode(request, stream);
        } catch (LlmException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidRequest("the request cannot be sent to this provider: " + e.getMessage(),
                    ErrorDetails.of(settings.name()), e);
        }
    }

    private <T> T decode(HttpReply reply, Supplier<T> decoding) {
        try {
            return decoding.get();
        } catch (LlmException e) {
            throw e;
        } catch (RuntimeException e) {
            // a protocol bug or an answer shape it did not foresee: typed, never a raw exception
            throw new MalformedResponse("the response could not be decoded (" + e.getClass().getSimpleName() + ")",
                    ErrorDetails.of(settings.name()).withStatus(reply.status()), e);
        }
    }

    /**
     * Disposes the connection pool this provider created, without blocking; calls in flight on it fail.
     * A pool passed with {@code connectionProvider(...)} is left to its owner.
     */
    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[name=" + settings.name() + ", vendor=" + info.vendor()
                + ", model=" + settings.model() + ", baseUrl=" + settings.baseUrl() + "]";
    }

    /** Unparseable events skipped in a lenient stream, reported once when the stream ends. */
    private static final class SkippedEvents {
        int count;

        void report(String provider) {
            if (count > 0) {
                log.warn("provider {}: skipped {} unparseable stream event(s)", provider, count);
            }
        }
    }
}
