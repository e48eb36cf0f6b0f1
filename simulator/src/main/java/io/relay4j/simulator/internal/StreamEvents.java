package io.relay4j.simulator.internal;

import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * The events of one streamed answer, produced lazily one token at a time (nothing is pre-rendered, so thousands of
 * slow streams cost little memory), with the behaviour's delay before each token and an optional mid-stream fault.
 */
final class StreamEvents {

    private final StreamRenderer renderer;
    private final Answer answer;
    private final Duration tokenDelay;
    private final int faultAfterTokens;
    private final Scheduler timer;

    StreamEvents(StreamRenderer renderer, Answer answer, Behaviour behaviour, Scheduler timer) {
        this.renderer = renderer;
        this.answer = answer;
        this.tokenDelay = behaviour.tokenDelay();
        this.faultAfterTokens = Math.min(behaviour.faultAfterTokens(), answer.outputTokens());
        this.timer = timer;
    }

    /** The complete stream: opening, every token, closing. */
    Flux<String> complete() {
        return Flux.defer(() -> {
            LoremText text = new LoremText(answer.textSeed());
            return Flux.concat(event(renderer.opening()), tokens(text, 0, answer.outputTokens(), true),
                    event(renderer.closing()));
        });
    }

    /** The stream broken by a mid-stream {@code fault} after {@link Behaviour#faultAfterTokens()} tokens. */
    Flux<String> brokenBy(Fault fault) {
        return Flux.defer(() -> {
            LoremText text = new LoremText(answer.textSeed());
            Flux<String> start = Flux.concat(event(renderer.opening()), tokens(text, 0, faultAfterTokens, false));
            return switch (fault) {
                case STALL_MID_STREAM -> start.concatWith(Flux.never());
                case IN_STREAM_ERROR -> start.concatWith(event(renderer.inStreamError()));
                case TRUNCATED_STREAM -> start;
                case ANSWER_REFUSED -> start.concatWith(event(renderer.refusal(faultAfterTokens, false)));
                case PROMPT_REFUSED -> Flux.concat(event(renderer.opening()), event(renderer.refusal(0, true)));
                case FINISHED_WITHOUT_END_MARKER -> Flux.concat(event(renderer.opening()),
                        tokens(text, 0, answer.outputTokens(), true), event(renderer.closingWithoutEndMarker()));
                case MALFORMED_JSON -> Flux.concat(start, event(renderer.brokenEvent()),
                        tokens(text, faultAfterTokens, answer.outputTokens(), true), event(renderer.closing()));
                default -> throw new IllegalArgumentException(fault + " is not a mid-stream fault");
            };
        });
    }

    private Flux<String> tokens(LoremText text, int from, int until, boolean mayEnd) {
        int total = answer.outputTokens();
        Flux<Integer> indexes = Flux.range(from, until - from);
        if (!tokenDelay.isZero()) {
            indexes = indexes.delayElements(tokenDelay, timer);
        }
        return indexes.map(index -> {
            boolean last = index == total - 1;
            return renderer.token(index, text.nextDelta(last), mayEnd && last);
        });
    }

    private static Flux<String> event(String text) {
        return text.isEmpty() ? Flux.empty() : Flux.just(text);
    }
}
