package io.relay4j.examples.chat;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.error.LlmException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;

/**
 * {@code POST /chat} with {@code {"question": "..."}} streams the answer as server-sent events: {@code delta}
 * events with the text as it arrives ({@code {"text": "..."}}), then one {@code done} event naming the provider
 * that served it and every attempt the router made ({@link AnswerSummary}); or, when no provider could answer or a
 * stream broke after its first text, one {@code error} event with the error type and the attempts. The question
 * is never echoed in an event or a log line.
 */
@RestController
class ChatController {

    static final String DELTA = "delta";
    static final String DONE = "done";
    static final String ERROR = "error";

    private final LlmRouter router;

    ChatController(LlmRouter router) {
        this.router = router;
    }

    /** The body of {@code POST /chat}. */
    record Question(String question) {
    }

    /** The data of a {@code delta} event. */
    record Delta(String text) {
    }

    /** The data of an {@code error} event: the error type and the attempts made before it. */
    record Failure(String error, List<AnswerSummary.AttemptView> attempts) {
    }

    @PostMapping(path = "/chat", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> chat(@RequestBody Question question) {
        if (question.question() == null || question.question().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the question must not be empty");
        }
        return router.stream(LlmRequest.of(question.question()))
                .concatMapIterable(ChatController::events)
                .onErrorResume(LlmException.class, e -> Flux.just(event(ERROR, failure(e))));
    }

    private static List<ServerSentEvent<Object>> events(LlmChunk chunk) {
        List<ServerSentEvent<Object>> events = new ArrayList<>(2);
        if (!chunk.text().isEmpty()) {
            events.add(event(DELTA, new Delta(chunk.text())));
        }
        if (chunk.isLast()) {
            events.add(event(DONE, AnswerSummary.of(chunk)));
        }
        return events;
    }

    private static Failure failure(LlmException error) {
        // the type, never the message: a vendor's error text may quote the prompt
        List<Attempt> attempts = error instanceof AllProvidersFailed all ? all.attempts() : List.of();
        return new Failure(error.type().name(), AnswerSummary.views(attempts));
    }

    private static ServerSentEvent<Object> event(String name, Object data) {
        return ServerSentEvent.builder(data).event(name).build();
    }
}
