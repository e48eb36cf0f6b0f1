package io.relay4j.providers.internal.http;

import io.netty.buffer.ByteBuf;
import io.relay4j.core.Capability;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.error.RateLimitInfo;
import io.relay4j.core.spi.ProviderCallObserver;
import io.relay4j.providers.internal.ErrorClassifier;
import io.relay4j.providers.internal.HttpCall;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.RateLimitHeaders;
import io.relay4j.providers.internal.StreamParser;
import io.relay4j.providers.internal.WireProtocol;
import io.relay4j.streaming.internal.ListFlux;
import io.relay4j.streaming.sse.ServerSentEvent;
import io.relay4j.streaming.sse.SseDecoder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * An {@link LlmProvider} over HTTP for any vendor: the vendor's {@link WireProtocol} encodes and decodes,
 * this class sends, reads and enforces the contract. Each subscription makes exactly one HTTP call and
 * never resends it; every failure is typed; cancelling releases the connection and buffers; a stream emits
 * text chunks then exactly one last chunk, and a stream cut before the vendor's end marker fails.
 *
 * <p>Deadlines: only the transport's, connect and response headers (for a whole answer also each read of its
 * body). A stream has none of its own once its headers arrived: first token, idle while the consumer waits,
 * per attempt and per request are the router's, so a consumer that pauses is never taken for a silent
 * provider.
 *
 * <p>Streams: the body is decoded as server-sent events and fed to the protocol's {@link StreamParser}
 * until it reports the end marker or the body ends. Once the parser saw the vendor's finish sign
 * ({@link StreamParser#saidFinished()}), the body ending, or the connection failing, without the end marker
 * completes the answer; before it, either is an error. An event the parser cannot read
 * ({@link MalformedResponse}) is skipped, counted and reported to the call's {@link ProviderCallObserver}
 * unless the provider was built with strict streams;
 * any other error the parser raises (the vendor's in-stream error) ends the stream.
 *
 * <p>Each public vendor provider holds one of these and delegates to it (composition, so no public type extends
 * this internal class); {@link #close()} disposes the connection pool the provider created (a pool passed to
 * the builder is the caller's to dispose). The provider owns no event loops or timer threads of its own: it runs
 * on reactor-netty's shared loops.
 */
public final class HttpLlmProvider implements LlmProvider {

    private static final Logger log = Loggers.getLogger(HttpLlmProvider.class);
    /** How long the body may go on after the vendor's end marker before the connection is closed instead. */
    private static final Duration END_MARKER_DRAIN = Duration.ofSeconds(1);

    private final ProviderSettings settings;
    private final WireProtocol protocol;
    private final ProviderInfo info;
    private final HttpTransport transport;
    private final SseDecoder sseDecoder;

    /**
     * @param settings                the validated settings from {@link io.relay4j.providers.ProviderBuilder}
     * @param protocol                the vendor's wire protocol
     * @param vendor                  the vendor as the OpenTelemetry GenAI conventions name it ({@code openai}, ...)
     * @param acceptsAssistantPrefill whether the vendor continues a last assistant message
     * @param capabilities            what the vendor serves beyond text, unless the settings declare otherwise
     */
    public HttpLlmProvider(ProviderSettings settings, WireProtocol protocol, String vendor,
                           boolean acceptsAssistantPrefill, Set<Capability> capabilities) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.info = ProviderInfo.builder().vendor(Objects.requireNonNull(vendor, "vendor")).model(settings.model())
                .contextWindowTokens(settings.contextWindowTokens()).acceptsAssistantPrefill(acceptsAssistantPrefill)
                .capabilities(settings.capabilities().orElse(capabilities)).build();
        this.transport = new HttpTransport(settings);
        this.sseDecoder = new SseDecoder(settings.name(), settings.maxEventBytes());
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public Mono<LlmResponse> generate(LlmRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        return Mono.deferContextual(context -> transport.exchange(encode(request, false))
                .handle((reply, sink) -> {
                    if (reply.isSuccess()) {
                        reportRateLimits(reply, ProviderCallObserver.of(context));
                        sink.next(decode(reply, () -> protocol.decodeResponse(reply, request)));
                    } else {
                        sink.error(decode(reply, () -> protocol.decodeError(reply)));
                    }
                }));
    }

    @Override
    public Flux<LlmChunk> stream(LlmRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        return Flux.deferContextual(context -> transport.stream(encode(request, true),
                reply -> decode(reply, () -> protocol.decodeError(reply)),
                (head, body) -> chunks(head, body, request, ProviderCallObserver.of(context))));
    }

    private Flux<LlmChunk> chunks(HttpReply head, Flux<ByteBuf> body, LlmRequest request,
                                  ProviderCallObserver observer) {
        if (head.header("content-type").filter(type -> type.toLowerCase(Locale.ROOT).contains("html")).isPresent()) {
            // a proxy's login or error page: no event will come. The page is read and dropped (the router's
            // first-token deadline bounds it), so the connection stays poolable
            return body.doOnNext(ByteBuf::release).thenMany(Flux.error(new MalformedResponse("HTTP " + head.status()
                    + " with an HTML body (a proxy's page) where an event stream was expected",
                    ErrorClassifier.details(head, Instant.now()))));
        }
        reportRateLimits(head, observer);
        StreamParser parser = protocol.newStreamParser(head, request);
        StreamProgress progress = new StreamProgress(observer);
        return sseDecoder.decode(body)
                // a stream that says it is finished is finished: once the vendor sent its finish sign, a connection
                // closed before the end marker (a proxy cutting it, a reset) completes the answer below
                .onErrorResume(e -> !(e instanceof LlmException) && parser.saidFinished(), e -> Flux.empty())
                // events are parsed as they come, one at a time on demand (prefetch 0): an open stream holds no
                // queue of events here
                .concatMap(event -> progress.ended ? Flux.<LlmChunk>empty()
                        : ListFlux.of(onEvent(parser, head, event, progress)), 0)
                // a cancelled stream's body completes when its connection is closed: that is no end of the answer
                .concatWith(Mono.fromCallable(() -> progress.ended || progress.cancelled ? null : end(parser, head)))
                // after the end marker the last chunk is out; reading on to the end of the body lets the
                // connection go back to the pool, but a server that keeps it open is not waited for long
                .takeUntilOther(progress.endMarker.asMono().then(Mono.delay(END_MARKER_DRAIN)))
                .filter(chunk -> chunk.isLast() || !chunk.text().isEmpty() || !chunk.reasoning().isEmpty()
                        || chunk.toolCall().isPresent() || chunk.toolCallDelta().isPresent())
                .doFinally(signal -> progress.reportSkipped(settings.name()))
                // first to see a cancel, before it travels up to the body
                .doOnCancel(() -> progress.cancelled = true);
    }

    private List<LlmChunk> onEvent(StreamParser parser, HttpReply head, ServerSentEvent event,
                                  StreamProgress progress) {
        List<LlmChunk> chunks;
        try {
            chunks = parser.onEvent(event);
        } catch (MalformedResponse e) {
            return skipOrFail(e, progress);
        } catch (LlmException e) {
            throw e;
        } catch (RuntimeException e) {
            // an event shape the parser did not foresee: as unreadable as broken JSON
            return skipOrFail(new MalformedResponse("a stream event could not be read (" + where(e) + ")",
                    ErrorDetails.of(settings.name())), progress);
        }
        if (!parser.isFinished()) {
            return chunks;
        }
        progress.ended = true;
        progress.endMarker.tryEmitEmpty();
        List<LlmChunk> withLast = new ArrayList<>(chunks);
        withLast.add(end(parser, head));
        return withLast;
    }

    private List<LlmChunk> skipOrFail(MalformedResponse e, StreamProgress progress) {
        if (settings.strictStreams()) {
            throw e;
        }
        progress.skipped(e);
        return List.of();
    }

    private LlmChunk end(StreamParser parser, HttpReply head) {
        return decode(head, parser::onEnd);
    }

    /**
     * A successful reply's rate-limit counters, to an observer that reads them (the router's, for a provider with
     * an adaptive concurrency limit); parsed only then, since most calls have no use for them.
     */
    private static void reportRateLimits(HttpReply reply, ProviderCallObserver observer) {
        if (observer.wantsRateLimits()) {
            RateLimitInfo counters = RateLimitHeaders.rateLimit(reply.headers(), Instant.now());
            if (!counters.equals(RateLimitInfo.NONE)) {
                observer.rateLimitReported(counters);
            }
        }
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
            throw new MalformedResponse("the response could not be decoded (" + where(e) + ")",
                    ErrorDetails.of(settings.name()).withStatus(reply.status()));
        }
    }

    /**
     * A protocol failure's type and place, for the message; the exception itself is not kept as the cause,
     * since its message may quote the answer.
     */
    private static String where(RuntimeException e) {
        StackTraceElement[] trace = e.getStackTrace();
        return e.getClass().getSimpleName() + (trace.length == 0 ? "" : " at " + trace[0].getClassName()
                .substring(trace[0].getClassName().lastIndexOf('.') + 1) + "." + trace[0].getMethodName() + ":"
                + trace[0].getLineNumber());
    }

    /**
     * Disposes the connection pool this provider created, without blocking; idempotent. Idle connections are
     * closed at once; a call in flight finishes, and its connection is closed instead of pooled. A call made
     * after this fails at once with a {@link io.relay4j.core.error.TransportError} saying the provider is
     * closed. A pool passed with {@code connectionProvider(...)} is left to its owner.
     */
    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return describedAs(getClass().getSimpleName());
    }

    /**
     * This provider shown under a public type's name ({@code OpenAiProvider[name=.., vendor=.., model=..,
     * baseUrl=..]}); never the key.
     */
    public String describedAs(String typeName) {
        return typeName + "[name=" + settings.name() + ", vendor=" + info.vendor()
                + ", model=" + settings.model() + ", baseUrl=" + settings.baseUrl() + "]";
    }

    /**
     * One stream's progress: whether the end marker was seen or the stream was cancelled, and the unparseable
     * events skipped, each
     * reported to the router's observer of the call as it is skipped.
     */
    private static final class StreamProgress {
        final Sinks.Empty<Void> endMarker = Sinks.empty();
        final ProviderCallObserver observer;
        boolean ended;
        /** Set on the canceller's thread, read where the body completes (the connection's event loop). */
        volatile boolean cancelled;
        int skipped;

        StreamProgress(ProviderCallObserver observer) {
            this.observer = observer;
        }

        /** The parser's message names what was wrong (and where), never the event's content. */
        void skipped(MalformedResponse e) {
            skipped++;
            observer.malformedEventSkipped(e.getMessage());
        }

        void reportSkipped(String provider) {
            if (skipped > 0) {
                log.warn("provider {}: skipped {} unparseable stream event(s)", provider, skipped);
            }
        }
    }
}
