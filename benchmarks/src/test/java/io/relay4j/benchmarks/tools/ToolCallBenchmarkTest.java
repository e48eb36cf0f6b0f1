package io.relay4j.benchmarks.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.ToolCall;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tool-call benchmark measures real work: each vendor's parser assembles the fixture's calls, and each encoder
 * writes the agent request's tools. A change that breaks either fails here, not in a benchmark run.
 */
class ToolCallBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "gemini"})
    void theParserAssemblesEveryCallOfTheFixtureWithItsArguments(String vendor) {
        ToolCallBenchmark.ToolStream stream = new ToolCallBenchmark.ToolStream();
        stream.vendor = vendor;
        stream.prepare();
        try {
            LlmChunk last = stream.parseAll(null);

            assertThat(last.message().orElseThrow().toolCalls()).hasSize(ToolCallBenchmark.CALLS)
                    .extracting(ToolCall::arguments)
                    .containsExactlyElementsOf(ToolCallStream.of(vendor, ToolCallBenchmark.CALLS).arguments().stream()
                            .map(json -> ToolCall.of("x", "x", json).arguments()).toList());
        } finally {
            stream.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "gemini"})
    void theEncoderWritesAllFiftyTools(String vendor) {
        ToolCallBenchmark.AgentRequest agent = new ToolCallBenchmark.AgentRequest();
        agent.vendor = vendor;
        agent.prepare();
        try {
            String body = new String(agent.protocol.encode(agent.request, false).body(),
                    java.nio.charset.StandardCharsets.UTF_8);

            assertThat(body).contains("ops_tool_0", "ops_tool_49", "checkout");
        } finally {
            agent.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void theFixtureSplitsArgumentsIntoManyFragments(String vendor) {
        ToolCallStream stream = ToolCallStream.of(vendor, ToolCallBenchmark.CALLS);

        assertThat(stream.fragments()).isGreaterThan(ToolCallBenchmark.CALLS * 30);
    }
}
