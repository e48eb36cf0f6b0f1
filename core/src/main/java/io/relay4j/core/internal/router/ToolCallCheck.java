package io.relay4j.core.internal.router;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Tool;
import io.relay4j.core.ToolCall;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidOutput;
import io.relay4j.core.validation.ToolArgumentsValidator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Flux;

/**
 * The check of a request's tool calls before they count as an answer: a call of a tool the request did not declare
 * is an {@link InvalidOutput} ({@link InvalidOutput.Reason#UNKNOWN_TOOL}), and, with a
 * {@link ToolArgumentsValidator} on the router, so are arguments it rejects ({@link InvalidOutput.Reason#SCHEMA_MISMATCH}).
 * Arguments that are not a JSON object never get here: providers refuse them as {@code ARGUMENTS_NOT_JSON}.
 *
 * <p>A request that declares no tools through {@link LlmRequest#tools()} is not checked: its tools, if any, come in
 * vendor fields the router does not read. Immutable; one per request.
 */
final class ToolCallCheck {

    private static final int MAX_NAME_SHOWN = 64;
    private static final ToolCallCheck NONE = new ToolCallCheck(Map.of(), Optional.empty());

    private final Map<String, Tool> declared;
    private final Optional<ToolArgumentsValidator> arguments;

    private ToolCallCheck(Map<String, Tool> declared, Optional<ToolArgumentsValidator> arguments) {
        this.declared = declared;
        this.arguments = arguments;
    }

    /** The check of {@code request}'s calls, with {@code arguments} checking their arguments if present. */
    static ToolCallCheck of(LlmRequest request, Optional<ToolArgumentsValidator> arguments) {
        if (request.tools().isEmpty()) {
            return NONE;
        }
        Map<String, Tool> byName = new HashMap<>();
        for (Tool tool : request.tools()) {
            byName.put(tool.name(), tool);
        }
        return new ToolCallCheck(byName, arguments);
    }

    /** Why {@code call}, made by {@code provider}, is invalid; empty when it is valid. */
    Optional<InvalidOutput> check(ToolCall call, String provider) {
        if (declared.isEmpty()) {
            return Optional.empty();
        }
        Tool tool = declared.get(call.name());
        if (tool == null) {
            return Optional.of(unknown(call.name(), " (call '" + call.id() + "')", provider));
        }
        if (arguments.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> failure;
        try {
            failure = arguments.get().validate(tool, call.argumentsJson());
        } catch (RuntimeException e) {
            // the exception's message may quote the arguments: only its type is named
            failure = Optional.of("the tool arguments validator failed with " + e.getClass().getName());
        }
        return failure.map(why -> new InvalidOutput("the arguments of tool call '" + call.id() + "' of '"
                + call.name() + "' do not match the tool's schema: " + why, ErrorDetails.of(provider),
                InvalidOutput.Reason.SCHEMA_MISMATCH));
    }

    /** The first invalid call among {@code calls}; empty when all are valid. */
    Optional<InvalidOutput> check(List<ToolCall> calls, String provider) {
        for (ToolCall call : calls) {
            Optional<InvalidOutput> invalid = check(call, provider);
            if (invalid.isPresent()) {
                return invalid;
            }
        }
        return Optional.empty();
    }

    /**
     * {@code provider}'s stream with every complete call checked as it arrives, before anything downstream (the
     * commit gate) can release it: an invalid call fails the stream instead. An argument fragment naming an
     * undeclared tool fails it too, before the fragment is released. Calls the last chunk's message holds are
     * checked unless their chunk already was.
     */
    Flux<LlmChunk> apply(Flux<LlmChunk> chunks, String provider) {
        if (declared.isEmpty()) {
            return chunks;
        }
        return Flux.defer(() -> {
            Set<String> checked = new HashSet<>();
            return chunks.handle((chunk, sink) -> {
                Optional<InvalidOutput> invalid = checkChunk(chunk, provider, checked);
                if (invalid.isPresent()) {
                    sink.error(invalid.get());
                } else {
                    sink.next(chunk);
                }
            });
        });
    }

    private Optional<InvalidOutput> checkChunk(LlmChunk chunk, String provider, Set<String> checked) {
        if (chunk.toolCallDelta().isPresent()) {
            String name = chunk.toolCallDelta().get().name();
            if (!name.isEmpty() && !declared.containsKey(name)) {
                return Optional.of(unknown(name, "", provider));
            }
        }
        if (chunk.toolCall().isPresent()) {
            ToolCall call = chunk.toolCall().get();
            checked.add(call.id());
            Optional<InvalidOutput> invalid = check(call, provider);
            if (invalid.isPresent()) {
                return invalid;
            }
        }
        if (chunk.isLast() && chunk.message().isPresent()) {
            for (ToolCall call : chunk.message().get().toolCalls()) {
                Optional<InvalidOutput> invalid = checked.contains(call.id()) ? Optional.empty()
                        : check(call, provider);
                if (invalid.isPresent()) {
                    return invalid;
                }
            }
        }
        return Optional.empty();
    }

    private static InvalidOutput unknown(String name, String call, String provider) {
        // the model chose the name: bounded in the message like a declared one
        String shown = name.length() > MAX_NAME_SHOWN ? name.substring(0, MAX_NAME_SHOWN) + "..." : name;
        return new InvalidOutput("the model called tool '" + shown + "'" + call + ", which the request did not declare",
                ErrorDetails.of(provider), InvalidOutput.Reason.UNKNOWN_TOOL);
    }
}
