package io.relay4j.benchmarks.peers;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.router.ErrorPolicy;
import io.relay4j.providers.openai.OpenAiProvider;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpResources;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * relay4j behind the smallest OpenAI-compatible HTTP front, so that an HTTP load generator (wrk) can drive it
 * exactly as it drives a gateway: {@code POST /v1/chat/completions} with an OpenAI body is parsed into an
 * {@link LlmRequest}, routed by an {@link LlmRouter} over two {@link OpenAiProvider}s (primary, then fallback)
 * and answered as an OpenAI {@code chat.completion} ({@link OpenAiChatJson}). A server error falls over to the
 * fallback at once and does not cool the primary down: the same plain fallback a gateway's
 * {@code strategy: fallback} config does. A body it cannot read gets a 400; a call every provider failed, a 502.
 *
 * <p>Server and upstream client run on one set of event loops ({@code EVENT_LOOPS}, default 1), so an upstream
 * call is made and answered on the loop that read the request: with one loop no request ever changes thread,
 * which on a small machine shared with the load generator and the upstream saves a cross-thread wake-up each way
 * (measured in benchmarks/RESULTS.md, section "Portkey's open-source gateway").
 *
 * <pre>
 * java -cp benchmarks.jar io.relay4j.benchmarks.peers.RelayFront PORT PRIMARY_BASE_URL FALLBACK_BASE_URL [EVENT_LOOPS]
 * </pre>
 * Listens on 127.0.0.1 only; prints {@code ready PORT}; serves until its standard input closes.
 */
public final class RelayFront {

    private RelayFront() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 4) {
            throw new IllegalArgumentException(
                    "usage: RelayFront PORT PRIMARY_BASE_URL FALLBACK_BASE_URL [EVENT_LOOPS (default 1)]");
        }
        int eventLoops = args.length == 4 ? Integer.parseInt(args[3]) : 1;
        if (eventLoops < 1) {
            throw new IllegalArgumentException("EVENT_LOOPS must be at least 1, got " + eventLoops);
        }
        // the providers' clients use reactor-netty's global loops: make those the server's loops too
        LoopResources loops = LoopResources.create("relay4j-front", eventLoops, true);
        HttpResources.set(loops);
        LlmRouter router = LlmRouter.builder()
                .provider(provider("primary", args[1]))
                .provider(provider("fallback", args[2]))
                .errorPolicy(ErrorType.SERVER_ERROR, ErrorPolicy.of(ErrorPolicy.Action.FALL_OVER, ErrorPolicy.Cooldown.NONE))
                .build();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(Integer.parseInt(args[0])).runOn(loops)
                .route(routes -> routes.post("/v1/chat/completions", (request, response) -> serve(router, request, response)))
                .bindNow();
        System.out.println("ready " + server.port() + " event-loops " + eventLoops);
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until standard input closes
        }
        server.disposeNow();
    }

    private static Mono<Void> serve(LlmRouter router, HttpServerRequest request, HttpServerResponse response) {
        return request.receive().aggregate().asByteArray()
                .map(OpenAiChatJson::parse)
                .flatMap(router::generate)
                .flatMap(answer -> response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .send(Mono.fromSupplier(() -> OpenAiChatJson.render(answer, response.alloc()))).then())
                .onErrorResume(error -> response
                        .status(error instanceof LlmException ? HttpResponseStatus.BAD_GATEWAY : HttpResponseStatus.BAD_REQUEST)
                        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .sendString(Mono.just("{\"error\":{\"type\":\"" + error.getClass().getSimpleName() + "\"}}"))
                        .then());
    }

    private static OpenAiProvider provider(String name, String baseUrl) {
        return OpenAiProvider.builder().name(name).apiKey("sk-sim").model("gpt-4o-mini").baseUrl(baseUrl)
                .maxConnections(2048).build();
    }
}
