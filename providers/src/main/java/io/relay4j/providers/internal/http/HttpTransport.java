package io.relay4j.providers.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.error.TransportError;
import io.relay4j.providers.internal.HttpCall;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.Redactor;
import io.relay4j.providers.internal.ResponseHeaders;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.Connection;
import reactor.netty.NettyOutbound;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends {@link HttpCall}s over one reactor-netty {@link HttpClient} and hands back replies or body
 * streams. Guarantees: a request is never resent ({@code disableRetry}: a resent LLM call is billed
 * twice); TLS is verified with the JDK's trust store; compression is off (a gzip layer would hold back
 * stream events); every body buffer is released on every path; a cancelled stream closes its connection
 * instead of returning it to the pool mid-body; every failure comes out as an {@link LlmException}.
 *
 * <p>Owns the connection pool it creates (not a caller's shared one) and disposes it on {@link #close()};
 * a call made after that fails at once with a {@link TransportError} instead of opening a new pool.
 */
public final class HttpTransport implements AutoCloseable {

    private static final byte[] NO_BODY = new byte[0];

    private final ProviderSettings settings;
    private final Redactor redactor;
    private final HttpClient client;
    private final ConnectionProvider ownedPool;
    private final BiFunction<HttpClientRequest, NettyOutbound, Publisher<Void>> sendExchange =
            (request, outbound) -> send(request, outbound, "application/json");
    private final BiFunction<HttpClientRequest, NettyOutbound, Publisher<Void>> sendStream =
            (request, outbound) -> send(request, outbound, "text/event-stream");
    private volatile Prepared lastExchange;
    private volatile Prepared lastStream;
    private final AtomicBoolean closed = new AtomicBoolean();

    public HttpTransport(ProviderSettings settings) {
        this.settings = settings;
        this.redactor = Redactor.of(settings.apiKey());
        this.ownedPool = settings.sharedPool().isPresent() ? null : ownedPool(settings);
        ConnectionProvider pool = settings.sharedPool().orElse(ownedPool);
        HttpClient c = HttpClient.create(pool)
                .disableRetry(true)
                .keepAlive(true)
                .compress(false)
                .followRedirect(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis(settings.timeouts().connect()))
                .responseTimeout(settings.timeouts().responseHeaders());
        this.client = "https".equalsIgnoreCase(settings.baseUrl().getScheme()) ? c.secure() : c;
    }

    /**
     * Sends a call and reads the whole reply, whatever its status; the body is capped at
     * {@code maxResponseBytes}. The response-headers timeout bounds the head and then each read of the body;
     * the call as a whole is the caller's to bound (the router's first-token and attempt deadlines).
     */
    public Mono<HttpReply> exchange(HttpCall call) {
        return Mono.defer(() -> {
            if (closed.get()) {
                return Mono.error(closedError());
            }
            CallState state = new CallState(settings.name(), call);
            return receiver(call.pathAndQuery(), false)
                    .responseConnection((response, connection) -> {
                        state.headReceived(reply(response, NO_BODY, state.elapsed()));
                        return readWhole(response, connection, state);
                    })
                    // single(), not next(): next() cancels the exchange on its first element, which closes
                    // the connection instead of returning it to the pool
                    .single()
                    .onErrorMap(t -> TransportFailures.map(t, state, redactor))
                    .contextWrite(context -> context.put(CallState.class, state));
        });
    }

    /**
     * Sends a streaming call. On a 2xx head, {@code onBody} gets the head and the body's buffers (which it
     * must release, or hand to something that does); on another status the body is read whole and
     * {@code decodeError} classifies it. Stream deadlines are the caller's to apply.
     */
    public <T> Flux<T> stream(HttpCall call, Function<HttpReply, LlmException> decodeError,
                              BiFunction<HttpReply, Flux<ByteBuf>, Flux<T>> onBody) {
        return Flux.defer(() -> {
            if (closed.get()) {
                return Flux.error(closedError());
            }
            CallState state = new CallState(settings.name(), call);
            return receiver(call.pathAndQuery(), true)
                    .responseConnection((response, connection) -> {
                        HttpReply head = reply(response, NO_BODY, state.elapsed());
                        state.headReceived(head);
                        headersArrived(connection);
                        if (!head.isSuccess()) {
                            return readWhole(response, connection, state).flatMap(r -> Mono.error(decodeError.apply(r)));
                        }
                        // closed once the cancel has gone all the way up: closing completes the body, which
                        // must find the body's reader already cancelled, not run its end-of-stream logic
                        return onBody.apply(head, body(connection).map(ByteBuf::retain))
                                .doFinally(signal -> {
                                    if (signal == SignalType.CANCEL) {
                                        close(connection);
                                    }
                                });
                    })
                    .onErrorMap(t -> TransportFailures.map(t, state, redactor))
                    .contextWrite(context -> context.put(CallState.class, state));
        });
    }

    /**
     * The request for a path, prepared once and reused: each of {@code post()}, {@code uri(..)} and
     * {@code send(..)} copies reactor-netty's whole client configuration, so preparing them per call would
     * make three copies per call. The call itself reaches the prepared sender through the subscriber
     * context, in its {@link CallState}. Protocols send one path per mode (Gemini's names the model), so the last one is kept.
     */
    private HttpClient.ResponseReceiver<?> receiver(String pathAndQuery, boolean stream) {
        Prepared last = stream ? lastStream : lastExchange;
        if (last != null && last.pathAndQuery.equals(pathAndQuery)) {
            return last.receiver;
        }
        Prepared prepared = new Prepared(pathAndQuery, client.post().uri(settings.url(pathAndQuery))
                .send(stream ? sendStream : sendExchange));
        if (stream) {
            lastStream = prepared;
        } else {
            lastExchange = prepared;
        }
        return prepared.receiver;
    }

    /**
     * Headers go on the request itself, not through {@code client.headers(..)}: that would copy the whole
     * client configuration (and its header set) on every call. Later {@code set}s win, as before: extra
     * headers, then the call's own, then the fixed content type, accept and length.
     */
    private Publisher<Void> send(HttpClientRequest request, NettyOutbound outbound, String accept) {
        HttpCall call = request.currentContextView().get(CallState.class).takeRequest();
        byte[] body = call.body();
        HttpHeaders h = request.requestHeaders();
        settings.extraHeaders().forEach(h::set);
        call.headers().forEach(h::set);
        h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        h.set(HttpHeaderNames.ACCEPT, accept);
        h.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return outbound.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
    }

    private Mono<HttpReply> readWhole(HttpClientResponse response, Connection connection, CallState state) {
        return BodyCollector.collect(body(connection), settings.maxResponseBytes(),
                        response.responseHeaders().getInt(HttpHeaderNames.CONTENT_LENGTH, -1))
                .map(bytes -> reply(response, bytes, state.elapsed()))
                .onErrorMap(BodyCollector.TooLarge.class, e -> new MalformedResponse(
                        "HTTP " + response.status().code() + " " + e.getMessage() + " (maxResponseBytes)",
                        state.details(), e))
                .doOnCancel(() -> close(connection));
    }

    /**
     * reactor-netty's response timeout also bounds every read of the body; from a stream's headers on, the
     * router's deadlines apply instead (first token, idle counted only while the consumer waits, attempt), so
     * neither a short headers timeout nor a consumer that pauses cuts a healthy stream.
     */
    private static void headersArrived(Connection connection) {
        connection.removeHandler(NettyPipeline.ResponseTimeoutHandler);
    }

    /**
     * The response body; a read abandoned before the end (cancelled by a deadline, a cap, an error or the
     * caller) closes the connection. reactor-netty would otherwise drain the rest of the body to pool the
     * connection, however long the server goes on.
     */
    private static Flux<ByteBuf> body(Connection connection) {
        return connection.inbound().receive().doOnCancel(() -> close(connection));
    }

    /**
     * Closes a connection from a later event-loop task: closing it inside the cancel signal would complete
     * the body synchronously, racing the error that caused the cancel (an over-cap body would look empty).
     */
    private static void close(Connection connection) {
        connection.channel().eventLoop().execute(connection::dispose);
    }

    private HttpReply reply(HttpClientResponse response, byte[] body, Duration latency) {
        return new HttpReply(settings.name(), response.status().code(), ResponseHeaders.of(response.responseHeaders()),
                body, latency);
    }

    private static ConnectionProvider ownedPool(ProviderSettings s) {
        ProviderSettings.PoolSettings p = s.pool();
        ConnectionProvider.Builder b = ConnectionProvider.builder("relay4j-" + s.name())
                .maxConnections(p.maxConnections())
                .pendingAcquireMaxCount(p.pendingAcquireMaxCount())
                .maxIdleTime(p.maxIdleTime())
                .maxLifeTime(p.maxLifeTime());
        if (!p.evictInBackground().isZero()) {
            b = b.evictInBackground(p.evictInBackground());
        }
        return b.build();
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    /** A request prepared for one path. */
    private record Prepared(String pathAndQuery, HttpClient.ResponseReceiver<?> receiver) {
    }

    /**
     * Disposes the owned pool without blocking, once however often it is called; a caller's shared pool is
     * left alone. Idle connections are closed now; a call in flight finishes and its connection is closed
     * when it is given back. Calls made from now on fail with {@link #closedError()}.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownedPool != null) {
            ownedPool.disposeLater().subscribe();
        }
    }

    /** What a call made after {@link #close()} fails with: nothing was sent, so the router may go elsewhere. */
    private TransportError closedError() {
        return new TransportError("provider '" + settings.name() + "' is closed: it sends no more calls",
                ErrorDetails.of(settings.name()), true, null);
    }
}
