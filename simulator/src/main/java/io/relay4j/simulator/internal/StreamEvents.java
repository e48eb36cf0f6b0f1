package io.relay4j.simulator.internal;

import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * The events of one streamed answer, produced lazily one delta at a time (nothing is pre-rendered, so thousands of
 * slow streams cost little memory), with the behaviour's delay before each delta and an optional mid-stream fault.
 * Deltas run across the answer's blocks (reasoning, text, tool-call argument fragments), so a fault after
 * {@link Behaviour#faultAfterTokens()} deltas may cut a tool call's arguments.
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
        this.faultAfterTokens = Math.min(behaviour.faultAfterTokens(), answer.units());
        this.timer = timer;
    }

    /** The complete stream: opening, every block, closing. */
    Flux<String> complete() {
        return Flux.defer(() -> {
            Cursor cursor = new Cursor();
            return Flux.concat(event(renderer.opening()), deltas(cursor, 0, answer.units(), true),
                    Flux.defer(() -> event(cursor.finish())), event(renderer.closing()));
        });
    }

    /** The stream broken by a mid-stream {@code fault} after {@link Behaviour#faultAfterTokens()} deltas. */
    Flux<String> brokenBy(Fault fault) {
        return Flux.defer(() -> {
            Cursor cursor = new Cursor();
            Flux<String> start = Flux.concat(event(renderer.opening()), Flux.defer(() -> event(cursor.openFirst())),
                    deltas(cursor, 0, faultAfterTokens, false));
            return switch (fault) {
                case STALL_MID_STREAM -> start.concatWith(Flux.never());
                case IN_STREAM_ERROR -> start.concatWith(event(renderer.inStreamError()));
                case TRUNCATED_STREAM -> start;
                case ANSWER_REFUSED -> start.concatWith(Flux.defer(() ->
                        event(cursor.closeOpen() + renderer.refusal(faultAfterTokens, false))));
                case PROMPT_REFUSED -> Flux.concat(event(renderer.opening()), event(renderer.refusal(0, true)));
                case FINISHED_WITHOUT_END_MARKER -> Flux.concat(event(renderer.opening()),
                        deltas(cursor, 0, answer.units(), true), Flux.defer(() -> event(cursor.finish())),
                        event(renderer.closingWithoutEndMarker()));
                case MALFORMED_JSON -> Flux.concat(start, event(renderer.brokenEvent()),
                        deltas(cursor, faultAfterTokens, answer.units(), true), Flux.defer(() -> event(cursor.finish())),
                        event(renderer.closing()));
                default -> throw new IllegalArgumentException(fault + " is not a mid-stream fault");
            };
        });
    }

    private Flux<String> deltas(Cursor cursor, int from, int until, boolean mayEnd) {
        int total = answer.units();
        Flux<Integer> indexes = Flux.range(from, until - from);
        if (!tokenDelay.isZero()) {
            indexes = indexes.delayElements(tokenDelay, timer);
        }
        return indexes.map(index -> cursor.delta(mayEnd && index == total - 1));
    }

    private static Flux<String> event(String text) {
        return text.isEmpty() ? Flux.empty() : Flux.just(text);
    }

    /** Where a stream is: the open block and how many of its deltas went out. One per subscription. */
    private final class Cursor {
        private final List<Block> blocks = answer.content().blocks();
        private int block = -1;
        private boolean open;
        private int sentInBlock;
        private Block.Deltas deltas;

        /** The events of the next delta, opening (and closing empty) blocks on the way. */
        String delta(boolean lastOfAnswer) {
            StringBuilder events = new StringBuilder();
            while (!open || sentInBlock == blocks.get(block).units()) {
                events.append(advance());
            }
            Block current = blocks.get(block);
            sentInBlock++;
            boolean lastOfBlock = sentInBlock == current.units();
            events.append(renderer.delta(block, current, deltas.next(lastOfBlock), lastOfAnswer));
            return events.toString();
        }

        /** Opens the first block when nothing is open yet, as a stream about to break does. */
        String openFirst() {
            return block < 0 && !blocks.isEmpty() ? advance() : "";
        }

        /** Closes the open block, if any. */
        String closeOpen() {
            if (!open) {
                return "";
            }
            open = false;
            return renderer.blockStop(block, blocks.get(block));
        }

        /** Closes the open block and opens and closes every block left (only empty ones remain). */
        String finish() {
            StringBuilder events = new StringBuilder(closeOpen());
            while (block < blocks.size() - 1) {
                events.append(advance()).append(closeOpen());
            }
            return events.toString();
        }

        private String advance() {
            String closed = closeOpen();
            block++;
            open = true;
            sentInBlock = 0;
            Block next = blocks.get(block);
            deltas = next.deltas();
            return closed + renderer.blockStart(block, next);
        }
    }
}
