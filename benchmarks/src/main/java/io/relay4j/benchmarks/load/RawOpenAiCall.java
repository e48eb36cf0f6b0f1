package io.relay4j.benchmarks.load;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.relay4j.providers.internal.HttpCall;
import java.time.Duration;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The physical limit: a reactor-netty POST of exactly the bytes and headers a provider would send, reading the
 * whole body and doing nothing else with it, over a keep-alive pool of its own.
 */
public final class RawOpenAiCall implements Supplier<Mono<?>>, AutoCloseable {

    private final ConnectionProvider pool;
    private final HttpClient client;
    private final String url;
    private final byte[] body;

    /** @param call what the provider encodes for the request (path, headers, body) */
    public RawOpenAiCall(String baseUrl, HttpCall call, int maxConnections) {
        this.pool = ConnectionProvider.builder("raw").maxConnections(maxConnections).pendingAcquireMaxCount(-1).build();
        this.client = HttpClient.create(pool).headers(h -> {
            call.headers().forEach(h::set);
            h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            h.set(HttpHeaderNames.ACCEPT, "application/json");
            h.set(HttpHeaderNames.CONTENT_LENGTH, call.body().length);
        });
        this.url = baseUrl + call.pathAndQuery();
        this.body = call.body();
    }

    @Override
    public Mono<?> get() {
        return client.post().uri(url)
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                .responseSingle((response, content) -> response.status().code() == 200
                        ? content.asByteArray()
                        : Mono.error(new IllegalStateException("raw call got HTTP " + response.status().code())));
    }

    @Override
    public void close() {
        pool.disposeLater().block(Duration.ofSeconds(10));
    }
}
