package io.relay4j.core;

import static io.relay4j.core.StreamTestKit.STEP;
import static io.relay4j.core.StreamTestKit.routerOf;
import static io.relay4j.core.StreamTestKit.streamToEnd;
import static io.relay4j.core.StreamTestKit.streamToError;
import static io.relay4j.core.StreamTestKit.summary;
import static io.relay4j.core.StreamTestKit.textOf;
import static io.relay4j.core.testing.ScriptedProvider.chunks;
import static io.relay4j.core.testing.ScriptedProvider.chunksThenFail;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.InvalidOutput;
import io.relay4j.core.error.StreamInterrupted;
import io.relay4j.core.router.ErrorPolicy;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import io.relay4j.core.validation.ToolArgumentsValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Issue 14, item 3: a tool call of a tool the request did not declare, arguments that are not JSON, and (opt-in)
 * arguments the tool-arguments validator rejects are an {@link InvalidOutput} with its reason, which falls over by
 * default, is configurable like any error type, never reaches a stream's consumer, and is counted by vendor and
 * reason. A stream broken after complete calls ends listing them by id and name.
 */
@BothRoutingPaths
class LlmRouterInvalidToolCallTest extends RoutingPathScenario {

    private static final Tool SEARCH = Tool.of("search", "web search",
            "{\"type\":\"object\",\"required\":[\"q\"],\"properties\":{\"q\":{\"type\":\"string\"}}}");
    private static final LlmRequest WITH_TOOLS = LlmRequest.builder().user("find it").tool(SEARCH).build();
    private static final ToolCall GOOD = ToolCall.of("call_1", "search", "{\"q\":\"pods\"}");
    private static final ToolCall UNDECLARED = ToolCall.of("call_x", "delete_everything", "{\"path\":\"/secret\"}");
    private static final ToolCall MISSING_Q = ToolCall.of("call_2", "search", "{\"query\":\"secret-pods\"}");
    /** Stands in for the JSON Schema check: arguments without "q" do not match. */
    private static final ToolArgumentsValidator NEEDS_Q = (tool, args) -> args.contains("\"q\"")
            ? Optional.empty() : Optional.of("(root): required property 'q' is missing");

    private final RouterTestKit.Recorder events = new RouterTestKit.Recorder();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<LlmChunk> received = new ArrayList<>();

    private static ScriptedProvider toolProvider(String name, String vendor) {
        return ScriptedProvider.named(name, ProviderInfo.builder().vendor(vendor).model("m")
                .capabilities(Capability.TOOLS).build());
    }

    private static LlmChunk last(Message message) {
        return LlmChunk.builder().finishReason(FinishReason.TOOL_CALLS).usage(Usage.of(10, 5)).model("m")
                .message(message).build();
    }

    /** An answer calling {@code call} after some reasoning, streamed as the vendors do and whole from the last chunk. */
    private static ScriptedProvider.Step calls(ToolCall call) {
        return chunks(STEP, LlmChunk.reasoning("thinking"), LlmChunk.toolCall(call),
                last(Message.assistant(List.of(ReasoningPart.of("thinking"), call))));
    }

    private LlmRouter.Builder router(ScriptedProvider... providers) {
        return routerOf(StreamConfig.ofDefaults(), events, providers).meterRegistry(meters);
    }

    private static LlmResponse generate(LlmRouter router, LlmRequest request) {
        AtomicReference<LlmResponse> answer = new AtomicReference<>();
        StepVerifier.withVirtualTime(() -> router.generate(request)).thenAwait(Duration.ofHours(1))
                .consumeNextWith(answer::set).verifyComplete();
        return answer.get();
    }

    private static Throwable generateError(LlmRouter router, LlmRequest request) {
        AtomicReference<Throwable> error = new AtomicReference<>();
        StepVerifier.withVirtualTime(() -> router.generate(request)).thenAwait(Duration.ofHours(1))
                .consumeErrorWith(error::set).verify();
        return error.get();
    }

    private double invalidCalls(String vendor, String reason) {
        return meters.find("relay4j.tool.calls.invalid").tag("gen_ai.provider.name", vendor).tag("reason", reason)
                .counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static InvalidOutput firstAttemptError(List<Attempt> attempts) {
        return (InvalidOutput) attempts.get(0).error().orElseThrow();
    }

    // ---- an undeclared tool ----

    @Test
    void aCallOfAnUndeclaredToolFallsOverWhole() {
        ScriptedProvider a = toolProvider("a", "anthropic").then(calls(UNDECLARED));
        ScriptedProvider b = toolProvider("b", "openai").then(calls(GOOD));

        LlmResponse answer = generate(router(a, b).build(), WITH_TOOLS);

        assertThat(answer.provider()).isEqualTo("b");
        assertThat(answer.toolCalls()).containsExactly(GOOD);
        assertThat(summary(answer.attempts())).containsExactly("a PRIMARY FAILED INVALID_OUTPUT", "b FALLBACK SUCCESS");
        InvalidOutput invalid = firstAttemptError(answer.attempts());
        assertThat(invalid.reason()).isEqualTo(InvalidOutput.Reason.UNKNOWN_TOOL);
        assertThat(invalid).hasMessageContaining("delete_everything").hasMessageContaining("call_x")
                .hasMessageNotContaining("/secret");
        assertThat(invalidCalls("anthropic", "unknown_tool")).isEqualTo(1);
    }

    @Test
    void aStreamedCallOfAnUndeclaredToolFallsOverInvisibly() {
        ScriptedProvider a = toolProvider("a", "anthropic").then(calls(UNDECLARED));
        ScriptedProvider b = toolProvider("b", "openai").then(calls(GOOD));

        List<LlmChunk> chunks = streamToEnd(router(a, b).build(), WITH_TOOLS);

        // nothing of a's attempt: neither its call nor its reasoning
        assertThat(chunks).extracting(c -> c.toolCall().orElse(null)).containsOnly(GOOD, null);
        assertThat(chunks).filteredOn(c -> c.toolCall().isPresent()).hasSize(1);
        assertThat(chunks).filteredOn(c -> !c.reasoning().isEmpty()).hasSize(1);
        LlmChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.provider()).contains("b");
        assertThat(firstAttemptError(last.attempts()).reason()).isEqualTo(InvalidOutput.Reason.UNKNOWN_TOOL);
        assertThat(invalidCalls("anthropic", "unknown_tool")).isEqualTo(1);
    }

    @Test
    void anArgumentFragmentNamingAnUndeclaredToolFallsOverBeforeItIsReleased() {
        LlmRequest deltas = WITH_TOOLS.toBuilder().toolCallDeltas(true).build();
        ScriptedProvider a = toolProvider("a", "anthropic").then(chunks(STEP,
                LlmChunk.builder().toolCallDelta(ToolCallDelta.of(0, "delete_everything", "{\"path\":")).build(),
                LlmChunk.toolCall(UNDECLARED), last(Message.assistant(List.of(UNDECLARED)))));
        ScriptedProvider b = toolProvider("b", "openai").then(calls(GOOD));

        List<LlmChunk> chunks = streamToEnd(router(a, b).build(), deltas);

        assertThat(chunks).noneMatch(c -> c.toolCallDelta().isPresent());
        assertThat(chunks).filteredOn(c -> c.toolCall().isPresent()).extracting(c -> c.toolCall().get())
                .containsExactly(GOOD);
    }

    @Test
    void anInvalidCallAfterCommittedTextEndsTheStreamTypedAndIsNeverEmitted() {
        ScriptedProvider a = toolProvider("a", "anthropic").then(chunks(STEP, LlmChunk.text("Let me look."),
                LlmChunk.toolCall(UNDECLARED), last(Message.assistant(List.of(TextPart.of("Let me look."), UNDECLARED)))));
        ScriptedProvider b = toolProvider("b", "openai").then(calls(GOOD));

        Throwable error = streamToError(router(a, b).build(), WITH_TOOLS, received);

        assertThat(textOf(received)).isEqualTo("Let me look.");
        assertThat(received).noneMatch(c -> c.toolCall().isPresent());
        assertThat(error).isInstanceOf(StreamInterrupted.class).hasCauseInstanceOf(InvalidOutput.class);
        assertThat(((InvalidOutput) error.getCause()).reason()).isEqualTo(InvalidOutput.Reason.UNKNOWN_TOOL);
        assertThat(b.calls()).isZero();
    }

    @Test
    void aRequestThatDeclaresNoToolsIsNotChecked() {
        // its tools, if any, come in vendor fields the router does not read
        ScriptedProvider a = toolProvider("a", "openai").then(calls(UNDECLARED));

        LlmResponse answer = generate(router(a).build(), LlmRequest.of("find it"));

        assertThat(answer.toolCalls()).containsExactly(UNDECLARED);
    }

    @Test
    void theErrorPolicyForInvalidOutputDecidesAsForAnyErrorType() {
        ScriptedProvider a = toolProvider("a", "anthropic").then(calls(UNDECLARED)).then(calls(UNDECLARED));
        ScriptedProvider b = toolProvider("b", "openai").then(calls(GOOD));
        LlmRouter router = router(a, b).errorPolicy(ErrorType.INVALID_OUTPUT,
                ErrorPolicy.of(ErrorPolicy.Action.FAIL_FAST, ErrorPolicy.Cooldown.NONE)).build();

        assertThat(generateError(router, WITH_TOOLS)).isInstanceOf(InvalidOutput.class)
                .satisfies(e -> assertThat(((InvalidOutput) e).reason()).isEqualTo(InvalidOutput.Reason.UNKNOWN_TOOL));
        assertThat(streamToError(router, WITH_TOOLS, received)).isInstanceOf(InvalidOutput.class);
        assertThat(received).isEmpty();
        assertThat(b.calls()).isZero();
    }

    // ---- arguments that are not JSON (as providers report them) ----

    @Test
    void argumentsThatAreNotJsonAreCountedByVendorAndReason() {
        ScriptedProvider a = toolProvider("a", "gemini").then(chunksThenFail(STEP, p -> new InvalidOutput(
                "the model made an invalid tool call", ErrorDetails.of(p).withVendorCode("invalid_tool_call")),
                LlmChunk.reasoning("thinking")));
        ScriptedProvider b = toolProvider("b", "openai").then(calls(GOOD));

        List<LlmChunk> chunks = streamToEnd(router(a, b).build(), WITH_TOOLS);

        assertThat(chunks.get(chunks.size() - 1).provider()).contains("b");
        assertThat(chunks).filteredOn(c -> !c.reasoning().isEmpty()).hasSize(1);
        assertThat(invalidCalls("gemini", "arguments_not_json")).isEqualTo(1);
    }

    // ---- the opt-in schema check ----

    @Test
    void argumentsTheValidatorRejectsFallOverWholeAndStreamed() {
        ScriptedProvider a = toolProvider("a", "anthropic").then(calls(MISSING_Q)).then(calls(MISSING_Q));
        ScriptedProvider b = toolProvider("b", "openai").then(calls(GOOD)).then(calls(GOOD));
        LlmRouter router = router(a, b).toolArgumentsValidator(NEEDS_Q).build();

        LlmResponse answer = generate(router, WITH_TOOLS);
        List<LlmChunk> chunks = streamToEnd(router, WITH_TOOLS);

        assertThat(answer.toolCalls()).containsExactly(GOOD);
        InvalidOutput invalid = firstAttemptError(answer.attempts());
        assertThat(invalid.reason()).isEqualTo(InvalidOutput.Reason.SCHEMA_MISMATCH);
        assertThat(invalid).hasMessageContaining("required property 'q' is missing").hasMessageContaining("call_2")
                .hasMessageNotContaining("secret-pods");
        assertThat(chunks).filteredOn(c -> c.toolCall().isPresent()).extracting(c -> c.toolCall().get())
                .containsExactly(GOOD);
        assertThat(invalidCalls("anthropic", "schema_mismatch")).isEqualTo(2);
    }

    @Test
    void withoutAValidatorArgumentsAreNotCheckedAgainstTheSchema() {
        ScriptedProvider a = toolProvider("a", "anthropic").then(calls(MISSING_Q));

        assertThat(generate(router(a).build(), WITH_TOOLS).toolCalls()).containsExactly(MISSING_Q);
    }

    @Test
    void aValidatorThatThrowsFailsTheCallWithoutQuotingIt() {
        ScriptedProvider a = toolProvider("a", "anthropic").then(calls(GOOD));
        ScriptedProvider b = toolProvider("b", "openai").then(calls(GOOD));
        LlmRouter router = router(a, b).toolArgumentsValidator((tool, args) -> {
            throw new IllegalStateException("boom " + args);
        }).build();

        Throwable error = generateError(router, WITH_TOOLS);

        assertThat(error).isInstanceOf(AllProvidersFailed.class);
        assertThat(((AllProvidersFailed) error).attempts()).hasSize(2).allSatisfy(attempt -> {
            InvalidOutput invalid = (InvalidOutput) attempt.error().orElseThrow();
            assertThat(invalid.reason()).isEqualTo(InvalidOutput.Reason.SCHEMA_MISMATCH);
            assertThat(invalid).hasMessageContaining("IllegalStateException").hasMessageNotContaining("pods");
        });
    }

    // ---- a stream broken after complete calls ----

    @Test
    void aStreamBrokenAfterCompleteCallsListsThemByIdAndNameWithoutArguments() {
        ToolCall second = ToolCall.of("call_9", "search", "{\"q\":\"more-pods\"}");
        ScriptedProvider a = toolProvider("a", "anthropic").then(chunksThenFail(STEP, Errors.serverError(),
                LlmChunk.toolCall(GOOD), LlmChunk.toolCall(second)));
        ScriptedProvider b = toolProvider("b", "openai");

        Throwable error = streamToError(router(a, b).streaming(StreamConfig.custom().resume(true).build()).build(),
                WITH_TOOLS, received);

        assertThat(received).extracting(c -> c.toolCall().orElseThrow()).containsExactly(GOOD, second);
        assertThat(error).isInstanceOf(StreamInterrupted.class)
                .hasMessageContaining("2 complete calls: call_1 search, call_9 search")
                .hasMessageNotContaining("pods");
        assertThat(((StreamInterrupted) error).emittedToolCalls())
                .containsExactly(Map.entry("call_1", "search"), Map.entry("call_9", "search"));
        assertThat(b.calls()).isZero();
    }
}
