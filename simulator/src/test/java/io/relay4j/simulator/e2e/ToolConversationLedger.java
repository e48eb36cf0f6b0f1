package io.relay4j.simulator.e2e;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.Message;
import io.relay4j.core.ToolCall;
import io.relay4j.simulator.ToolCallShape;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * The chaos soak's tool-calling traffic: conversations of two turns (ask with tools, streamed; send the calls'
 * results and get the final answer) through a router over misbehaving vendors, and what became of every tool call.
 * A call is <em>lost</em> when the answer's message holds it but the stream never emitted it, <em>duplicated</em>
 * when the stream emitted its id more than once, <em>partial</em> when the stream emitted a call the message does
 * not hold as it was emitted or whose arguments are not a JSON object of a declared tool. A conversation is
 * <em>completed</em> when its final answer counts every result it was sent.
 */
final class ToolConversationLedger {

    private final AtomicLong started = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong lostCalls = new AtomicLong();
    private final AtomicLong duplicatedCalls = new AtomicLong();
    private final AtomicLong partialCalls = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    /** Conversation {@code n}: single or parallel calls in turn; never fails, records what happened instead. */
    Mono<Void> converse(LlmRouter router, int n) {
        ToolCallShape shape = n % 2 == 0 ? ToolCallShape.SINGLE : ToolCallShape.PARALLEL;
        LlmRequest asked = ToolTurns.ask(shape, Optional.empty());
        started.incrementAndGet();
        return router.stream(asked).collectList()
                .flatMap(chunks -> {
                    Message answer = tally(chunks, shape);
                    return router.generate(ToolTurns.answerCalls(asked, answer))
                            .doOnNext(done -> {
                                int results = answer.toolCalls().size();
                                if (done.content().startsWith("Received " + results + " tool result")) {
                                    completed.incrementAndGet();
                                } else {
                                    failures.add("conversation " + n + ": final answer did not count " + results
                                            + " results");
                                }
                            });
                })
                .onErrorResume(error -> {
                    failures.add("conversation " + n + ": " + error);
                    return Mono.empty();
                })
                .then();
    }

    private Message tally(List<LlmChunk> chunks, ToolCallShape shape) {
        List<ToolCall> emitted = chunks.stream().flatMap(chunk -> chunk.toolCall().stream()).toList();
        Message message = chunks.get(chunks.size() - 1).message().orElseThrow(
                () -> new IllegalStateException("the last chunk carries no message"));
        List<ToolCall> held = message.toolCalls();
        calls.addAndGet(held.size());
        Set<String> ids = new HashSet<>();
        for (ToolCall call : emitted) {
            if (!ids.add(call.id())) {
                duplicatedCalls.incrementAndGet();
            } else if (!held.contains(call) || !declared(call)) {
                partialCalls.incrementAndGet();
            }
        }
        held.stream().filter(call -> !ids.contains(call.id())).forEach(call -> lostCalls.incrementAndGet());
        if (held.size() != ToolTurns.callsOf(shape)) {
            failures.add("an answer with " + held.size() + " calls for shape " + shape);
        }
        return message;
    }

    private static boolean declared(ToolCall call) {
        return (call.name().equals(ToolTurns.WEATHER.name()) || call.name().equals(ToolTurns.TIME.name()))
                && call.argumentsJson().startsWith("{");
    }

    long started() {
        return started.get();
    }

    long completed() {
        return completed.get();
    }

    long lostCalls() {
        return lostCalls.get();
    }

    long duplicatedCalls() {
        return duplicatedCalls.get();
    }

    long partialCalls() {
        return partialCalls.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    String report() {
        return String.format("--- tools ---%nconversations=%d completed=%d failed=%d | tool calls=%d lost=%d "
                        + "duplicated=%d partial=%d%n", started(), completed(), failures.size(), calls.get(),
                lostCalls(), duplicatedCalls(), partialCalls())
                + failures.stream().limit(10).map(f -> "  failed: " + f + "\n").reduce("", String::concat);
    }
}
