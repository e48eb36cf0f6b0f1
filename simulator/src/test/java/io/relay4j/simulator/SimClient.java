package io.relay4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/** A plain reactor-netty client that talks to a simulator the way a vendor SDK would. */
final class SimClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SimulatorServer server;
    private final HttpClient client;

    SimClient(SimulatorServer server) {
        this.server = server;
        this.client = HttpClient.create(ConnectionProvider.newConnection()).baseUrl(server.origin());
    }

    /** A whole response: status, headers and body text. */
    record Reply(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    /** The vendor's endpoint with the vendor's credentials. */
    Mono<Reply> call(boolean stream, String body) {
        return post(VendorRequests.path(server.vendor(), stream), VendorRequests.authHeaders(server.vendor()), body);
    }

    /** Any path and headers. */
    Mono<Reply> post(String path, Map<String, String> headers, String body) {
        return client.headers(h -> headers.forEach(h::set))
                .post().uri(path)
                .send(ByteBufFlux.fromString(Mono.just(body)))
                .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new Reply(response.status().code(), response.responseHeaders(), text)));
    }

    /** The body as it arrives, chunk by chunk, after a first element {@code "HTTP <status>"}. */
    Flux<String> chunks(boolean stream, String body) {
        return client.headers(h -> VendorRequests.authHeaders(server.vendor()).forEach(h::set))
                .post().uri(VendorRequests.path(server.vendor(), stream))
                .send(ByteBufFlux.fromString(Mono.just(body)))
                .response((HttpClientResponse response, ByteBufFlux content) ->
                        Flux.concat(Mono.just("HTTP " + response.status().code()), content.asString(StandardCharsets.UTF_8)));
    }

    /** A request body in the vendor's format. */
    String request(boolean stream) {
        return VendorRequests.body(server.vendor(), stream, false, 0);
    }
}
