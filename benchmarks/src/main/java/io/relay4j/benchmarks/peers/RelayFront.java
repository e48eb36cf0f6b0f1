package io.relay4j.benchmarks.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.Message;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.router.ErrorPolicy;
import io.relay4j.providers.openai.OpenAiProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * relay4j behind the smallest OpenAI-compatible HTTP front, so that an HTTP load generator (wrk) can drive it
 * exactly as it drives a gateway: {@code POST /v1/chat/completions} with an OpenAI body is parsed into an
 * {@link LlmRequest}, routed by an {@link LlmRouter} over two {@link OpenAiProvider}s (primary, then fallback)
 * and answered as an OpenAI {@code chat.completion}. A server error falls over to the fallback at once and does
 * not cool the primary down: the same plain fallback a gateway's {@code strategy: fallback} config does.
 *
 * <pre>
 * java -cp benchmarks.jar io.relay4j.benchmarks.peers.RelayFront PORT PRIMARY_BASE_URL FALLBACK_BASE_URL
 * </pre>
 * Listens on 127.0.0.1 only; prints {@code ready PORT}; serves until its standard input closes.
 */
public final class RelayFront {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RelayFront() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: RelayFront PORT PRIMARY_BASE_URL FALLBACK_BASE_URL");
        }
        LlmRouter router = LlmRouter.builder()
                .provider(provider("primary", args[1]))
                .provider(provider("fallback", args[2]))
                .errorPolicy(ErrorType.SERVER_ERROR, ErrorPolicy.of(ErrorPolicy.Action.FALL_OVER, ErrorPolicy.Cooldown.NONE))
                .build();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(Integer.parseInt(args[0]))
                .route(routes -> routes.post("/v1/chat/completions", (request, response) -> request.receive()
                        .aggregate().asByteArray()
                        .flatMap(body -> router.generate(parse(body)))
                        .map(RelayFront::render)
                        .flatMap(json -> response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                .sendByteArray(Mono.just(json)).then())
                        .onErrorResume(error -> response.status(HttpResponseStatus.BAD_GATEWAY)
                                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                .sendString(Mono.just("{\"error\":{\"type\":\"" + error.getClass().getSimpleName()
                                        + "\"}}")).then())))
                .bindNow();
        System.out.println("ready " + server.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until standard input closes
        }
        server.disposeNow();
    }

    private static OpenAiProvider provider(String name, String baseUrl) {
        return OpenAiProvider.builder().name(name).apiKey("sk-sim").model("gpt-4o-mini").baseUrl(baseUrl)
                .maxConnections(2048).build();
    }

    static LlmRequest parse(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            List<Message> messages = new ArrayList<>();
            for (JsonNode message : root.path("messages")) {
                String content = message.path("content").asText();
                messages.add(switch (message.path("role").asText()) {
                    case "system", "developer" -> Message.system(content);
                    case "assistant" -> Message.assistant(content);
                    default -> Message.user(content);
                });
            }
            LlmRequest.Builder request = LlmRequest.builder().messages(messages);
            if (root.hasNonNull("max_tokens")) {
                request.maxTokens(root.get("max_tokens").asInt());
            }
            return request.build();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the request body is not JSON", e);
        }
    }

    static byte[] render(LlmResponse answer) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", answer.requestId().orElse("relay4j"));
        root.put("object", "chat.completion");
        root.put("model", answer.model());
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", answer.content());
        choice.put("finish_reason", answer.finishReason().name().toLowerCase(java.util.Locale.ROOT));
        root.putObject("usage").put("prompt_tokens", answer.usage().inputTokens())
                .put("completion_tokens", answer.usage().outputTokens())
                .put("total_tokens", answer.usage().inputTokens() + answer.usage().outputTokens());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("rendering an answer cannot fail", e);
        }
    }
}
