package io.relay4j.benchmarks.tools;

import io.relay4j.benchmarks.wire.ParserRun;
import io.relay4j.benchmarks.wire.VendorProtocols;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.Tool;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolResult;
import io.relay4j.providers.internal.HttpCall;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.WireProtocol;
import io.relay4j.streaming.sse.ServerSentEvent;
import io.relay4j.streaming.sse.SseDecoder;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.publisher.Flux;

/**
 * The cost of tool traffic in each provider's wire mapping, on one thread with no I/O:
 * <ul>
 *   <li>{@code assembleToolCalls}: an answer of {@value #CALLS} parallel tool calls streamed in the vendor's real
 *       fragmentation ({@link ToolCallStream}), already split into server-sent events, turned into complete
 *       {@code ToolCall}s by the vendor's stream parser; ns per answer. Fragments per second are the stream's
 *       fragments (printed at setup) divided by that time; with {@code -prof gc}, {@code gc.alloc.rate.norm}
 *       divided by {@value #CALLS} is the bytes allocated per call.</li>
 *   <li>{@code encodeFiftyTools}: encoding an agent's request that declares {@value #TOOLS} tools and carries a
 *       tool round in its history; ns and bytes per request.</li>
 * </ul>
 * Each setup checks the parser's answer against the fixture, so a benchmark never measures a broken mapping.
 */
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class ToolCallBenchmark {

    static final int CALLS = 4;
    static final int TOOLS = 50;

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public LlmChunk assembleToolCalls(ToolStream stream, Blackhole blackhole) {
        return stream.parseAll(blackhole);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public HttpCall encodeFiftyTools(AgentRequest agent) {
        return agent.protocol.encode(agent.request, false);
    }

    /** An agent's request: {@value #TOOLS} tools, and a conversation with one tool round already in it. */
    static LlmRequest agentRequest() {
        LlmRequest.Builder builder = LlmRequest.builder()
                .system("You are an operations agent. Use the tools to answer; never guess a value a tool can give.")
                .user("Is the checkout service healthy in eu-west-1, and what changed in the last hour?");
        for (int i = 0; i < TOOLS; i++) {
            builder.tool(Tool.of("ops_tool_" + i, "Reads one operational signal (#" + i + ") of a service in a region"
                    + " and returns it as JSON with its timestamp.", "{\"type\":\"object\",\"properties\":{"
                    + "\"service\":{\"type\":\"string\",\"description\":\"the service name\"},"
                    + "\"region\":{\"type\":\"string\",\"enum\":[\"eu-west-1\",\"us-east-1\",\"ap-south-1\"]},"
                    + "\"window_minutes\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":1440},"
                    + "\"include_raw\":{\"type\":\"boolean\"}},\"required\":[\"service\",\"region\"],"
                    + "\"additionalProperties\":false}"));
        }
        ToolCall health = ToolCall.of("call_health_1", "ops_tool_0",
                "{\"service\":\"checkout\",\"region\":\"eu-west-1\",\"window_minutes\":60}");
        ToolCall deploys = ToolCall.of("call_deploys_2", "ops_tool_7",
                "{\"service\":\"checkout\",\"region\":\"eu-west-1\",\"window_minutes\":60}");
        return builder.message(Message.assistant(List.of(health, deploys)))
                .message(Message.toolResults(List.of(
                        ToolResult.of(health.id(), "{\"status\":\"degraded\",\"error_rate\":0.031,\"p99_ms\":1840}"),
                        ToolResult.of(deploys.id(), "{\"deploys\":[{\"version\":\"4.18.2\",\"at\":\"10:42Z\"}]}"))))
                .maxTokens(1024)
                .build();
    }

    /** One vendor's protocol and the agent's request. */
    @State(Scope.Thread)
    public static class AgentRequest {
        @Param({"openai", "anthropic", "gemini"})
        public String vendor;

        private LlmProvider provider;
        WireProtocol protocol;
        LlmRequest request;

        @Setup(Level.Trial)
        public void prepare() {
            provider = VendorProtocols.provider(vendor);
            protocol = VendorProtocols.protocolOf(provider);
            request = agentRequest();
            String body = new String(protocol.encode(request, false).body(), java.nio.charset.StandardCharsets.UTF_8);
            if (!body.contains("ops_tool_49") || (!body.contains("call_deploys_2") && !vendor.equals("gemini"))) {
                throw new IllegalStateException(vendor + " does not encode the tools or the tool round");
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            provider.close();
        }
    }

    /** One vendor's tool-call stream, decoded into events once, and a fresh parser per answer. */
    @State(Scope.Thread)
    public static class ToolStream {
        @Param({"openai", "anthropic", "gemini"})
        public String vendor;

        private LlmProvider provider;
        private WireProtocol protocol;
        private HttpReply headersOnly;
        private List<ServerSentEvent> events;
        private LlmRequest request;

        @Setup(Level.Trial)
        public void prepare() {
            provider = VendorProtocols.provider(vendor);
            protocol = VendorProtocols.protocolOf(provider);
            headersOnly = new HttpReply(vendor, 200, Map.of("content-type", "text/event-stream"), new byte[0],
                    Duration.ofMillis(180));
            request = LlmRequest.builder().user("Weather for four cities, please.")
                    .tool(Tool.of("get_weather", "The weather in a city", "{\"type\":\"object\"}")).build();
            ToolCallStream stream = ToolCallStream.of(vendor, CALLS);
            events = new SseDecoder(vendor).decode(Flux.just(Unpooled.wrappedBuffer(stream.body())))
                    .collectList().block();
            check(parseAll(null), stream);
            System.out.println(vendor + ": " + stream.fragments() + " fragments per answer of " + CALLS + " calls");
        }

        private void check(LlmChunk last, ToolCallStream stream) {
            List<ToolCall> calls = last.message().map(Message::toolCalls).orElse(List.of());
            List<String> expected = stream.arguments();
            List<Map<String, Object>> got = new ArrayList<>();
            calls.forEach(call -> got.add(call.arguments()));
            List<Map<String, Object>> want = new ArrayList<>();
            expected.forEach(json -> want.add(ToolCall.of("x", "x", json).arguments()));
            if (!got.equals(want)) {
                throw new IllegalStateException(vendor + " assembled " + calls + " from the fixture, not the "
                        + CALLS + " expected calls");
            }
        }

        LlmChunk parseAll(Blackhole blackhole) {
            return ParserRun.parseAll(protocol.newStreamParser(headersOnly, request), events, blackhole);
        }

        @TearDown(Level.Trial)
        public void close() {
            provider.close();
        }
    }
}
