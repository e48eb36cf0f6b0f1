package io.relay4j.langchain4j.internal;

import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.ToolCallDelta;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BaseSubscriber;

/**
 * Feeds a relay4j stream to a LangChain4j {@link StreamingChatResponseHandler}: text deltas to
 * {@code onPartialResponse}, reasoning deltas to {@code onPartialThinking}, argument fragments to
 * {@code onPartialToolCall}, each complete call to {@code onCompleteToolCall}, the last chunk's whole answer to
 * {@code onCompleteResponse}, a failure to {@code onError}; exactly one of the last two, once, unless the stream is
 * cancelled.
 *
 * <p>The contexts carry a {@link StreamingHandle} whose {@code cancel()} cancels the subscription to the router,
 * which closes the upstream HTTP exchange; after it the handler hears nothing more. A handler method that throws
 * ends the stream the same way and gets that exception in {@code onError} (LangChain4j's own models report it and
 * read on; relay4j stops so the vendor stops billing an answer nobody reads).
 */
public final class StreamBridge extends BaseSubscriber<LlmChunk> {

    private static final Logger log = LoggerFactory.getLogger(StreamBridge.class);

    private final StreamingChatResponseHandler handler;
    private final Handle handle = new Handle();
    private final long startNanos = System.nanoTime();
    /** The tool names of the calls being streamed, by index: a vendor may name a call in its first fragment only. */
    private final Map<Integer, String> names = new HashMap<>();
    /** Fragments that arrived before their call's name: LangChain4j's partial calls need one. */
    private final Map<Integer, StringBuilder> unnamed = new HashMap<>();
    private int completeCalls;
    private boolean finished;

    public StreamBridge(StreamingChatResponseHandler handler) {
        this.handler = handler;
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    protected void hookOnNext(LlmChunk chunk) {
        if (finished || handle.cancelled) {
            return;
        }
        try {
            deliver(chunk);
        } catch (RuntimeException e) {
            finished = true;
            dispose();
            error(e);
        }
    }

    private void deliver(LlmChunk chunk) {
        if (!chunk.reasoning().isEmpty()) {
            handler.onPartialThinking(new PartialThinking(chunk.reasoning()), new PartialThinkingContext(handle));
        }
        if (!chunk.text().isEmpty()) {
            handler.onPartialResponse(new PartialResponse(chunk.text()), new PartialResponseContext(handle));
        }
        chunk.toolCallDelta().ifPresent(this::partialToolCall);
        chunk.toolCall().ifPresent(call -> handler.onCompleteToolCall(
                new CompleteToolCall(completeCalls++, AssistantMessages.toolExecutionRequest(call))));
        if (chunk.isLast() && !handle.cancelled) {
            finished = true;
            handler.onCompleteResponse(ResponseMapper.toChatResponse(chunk,
                    Duration.ofNanos(System.nanoTime() - startNanos)));
        }
    }

    private void partialToolCall(ToolCallDelta delta) {
        int index = delta.index();
        if (!delta.name().isEmpty()) {
            names.putIfAbsent(index, delta.name());
        }
        String name = names.get(index);
        if (name == null) {
            unnamed.computeIfAbsent(index, i -> new StringBuilder()).append(delta.argumentsFragment());
            return;
        }
        StringBuilder held = unnamed.remove(index);
        String fragment = held == null ? delta.argumentsFragment() : held.append(delta.argumentsFragment()).toString();
        if (fragment.isEmpty() || handle.cancelled) {
            return;
        }
        handler.onPartialToolCall(PartialToolCall.builder().index(index).name(name).partialArguments(fragment).build(),
                new PartialToolCallContext(handle));
    }

    @Override
    protected void hookOnError(Throwable error) {
        if (!finished && !handle.cancelled) {
            finished = true;
            error(error);
        }
    }

    @Override
    protected void hookOnComplete() {
        if (!finished && !handle.cancelled) {
            finished = true;
            error(new IllegalStateException("the answer's stream ended without its last chunk"));
        }
    }

    private void error(Throwable error) {
        try {
            handler.onError(error);
        } catch (RuntimeException e) {
            // nowhere left to report it: LangChain4j's own models log and drop it the same way
            log.warn("StreamingChatResponseHandler.onError threw {}; ignored", e.getClass().getName());
        }
    }

    /** The handle given to the handler's contexts. */
    private final class Handle implements StreamingHandle {

        private volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
            dispose();
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
