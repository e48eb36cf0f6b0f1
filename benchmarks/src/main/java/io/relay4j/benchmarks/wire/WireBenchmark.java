package io.relay4j.benchmarks.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.relay4j.benchmarks.sse.ReadSplit;
import io.relay4j.benchmarks.sse.VendorStream;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.providers.internal.HttpCall;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.WireProtocol;
import io.relay4j.streaming.sse.ServerSentEvent;
import io.relay4j.streaming.sse.SseDecoder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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
 * Each provider's wire mapping on one thread, with no I/O: encoding a request into the vendor's JSON
 * ({@code encodeRequest}, ns per request), decoding a whole non-streaming answer of {@value #ANSWER_TOKENS}
 * tokens ({@code decodeResponse}, ns per response), and turning a stream's already-decoded server-sent events
 * into {@link LlmChunk}s ({@code *StreamEvents}, events per second). With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is bytes allocated per operation. The protocols are the ones the public builders
 * configure ({@link VendorProtocols}).
 */
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class WireBenchmark {

    static final int ANSWER_TOKENS = 300;
    static final int STREAM_CONTENT_CHUNKS = 100;

    private static final int OPENAI_EVENTS = STREAM_CONTENT_CHUNKS + 4;
    private static final int ANTHROPIC_EVENTS = STREAM_CONTENT_CHUNKS + 6;
    private static final int GEMINI_EVENTS = STREAM_CONTENT_CHUNKS;

    /** A chat request as applications send it: a system prompt, a short exchange, limits. */
    static final LlmRequest REQUEST = LlmRequest.builder()
            .system("You are a concise assistant for Kubernetes operators. Answer in at most three sentences.")
            .user("What does pod affinity do?")
            .assistant("It asks the scheduler to place pods near other pods that match a label selector.")
            .user("And how is anti-affinity different? Give one example with a topology key.")
            .maxTokens(256)
            .temperature(0.2)
            .build();

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public HttpCall encodeRequest(Vendor vendor) {
        return vendor.protocol.encode(REQUEST, false);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public LlmResponse decodeResponse(Vendor vendor) {
        return vendor.protocol.decodeResponse(vendor.reply);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(OPENAI_EVENTS)
    public LlmChunk openAiStreamEvents(OpenAiStream stream, Blackhole blackhole) {
        return stream.parseAll(blackhole);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(ANTHROPIC_EVENTS)
    public LlmChunk anthropicStreamEvents(AnthropicStream stream, Blackhole blackhole) {
        return stream.parseAll(blackhole);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(GEMINI_EVENTS)
    public LlmChunk geminiStreamEvents(GeminiStream stream, Blackhole blackhole) {
        return stream.parseAll(blackhole);
    }

    /** One vendor's protocol and a 2xx reply carrying a whole answer. */
    @State(Scope.Thread)
    public static class Vendor {
        @Param({"openai", "anthropic", "gemini"})
        public String name;

        private LlmProvider provider;
        WireProtocol protocol;
        HttpReply reply;

        @Setup(Level.Trial)
        public void prepare() {
            provider = VendorProtocols.provider(name);
            protocol = VendorProtocols.protocolOf(provider);
            reply = new HttpReply(name, 200, Map.of("content-type", "application/json", "x-request-id", "req_bench"),
                    VendorResponse.of(name, ANSWER_TOKENS), Duration.ofMillis(420));
            LlmResponse decoded = protocol.decodeResponse(reply);
            if (decoded.usage().outputTokens() != ANSWER_TOKENS || decoded.content().isEmpty()) {
                throw new IllegalStateException(name + " response decoded to " + decoded + ": the fixture is wrong");
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            provider.close();
        }
    }

    @State(Scope.Thread)
    public static class OpenAiStream extends StreamEvents {
        @Setup(Level.Trial)
        public void prepare() {
            prepare("openai", VendorStream.openAiChat(STREAM_CONTENT_CHUNKS, 42), OPENAI_EVENTS);
        }
    }

    @State(Scope.Thread)
    public static class AnthropicStream extends StreamEvents {
        @Setup(Level.Trial)
        public void prepare() {
            prepare("anthropic", VendorStream.anthropicMessages(STREAM_CONTENT_CHUNKS, 42), ANTHROPIC_EVENTS);
        }
    }

    @State(Scope.Thread)
    public static class GeminiStream extends StreamEvents {
        @Setup(Level.Trial)
        public void prepare() {
            prepare("gemini", VendorStream.geminiContent(STREAM_CONTENT_CHUNKS, 42), GEMINI_EVENTS);
        }
    }

    /** A vendor stream's events, decoded once, and a fresh parser per stream as the transport makes one. */
    public abstract static class StreamEvents {
        private LlmProvider provider;
        private WireProtocol protocol;
        private HttpReply headersOnly;
        private List<ServerSentEvent> events;

        void prepare(String vendor, VendorStream stream, int operationsPerInvocation) {
            provider = VendorProtocols.provider(vendor);
            protocol = VendorProtocols.protocolOf(provider);
            headersOnly = new HttpReply(vendor, 200, Map.of("content-type", "text/event-stream"), new byte[0],
                    Duration.ofMillis(180));
            Flux<ByteBuf> body = Flux.fromIterable(ReadSplit.PER_EVENT.split(stream.body())).map(Unpooled::wrappedBuffer);
            events = new SseDecoder(vendor).decode(body).collectList().block();
            if (events == null || events.size() != operationsPerInvocation) {
                throw new IllegalStateException(vendor + " stream has " + (events == null ? 0 : events.size())
                        + " events but the benchmark counts " + operationsPerInvocation);
            }
            LlmChunk last = parseAll(null);
            if (last.usage().map(u -> u.outputTokens()).orElse(-1L) != STREAM_CONTENT_CHUNKS) {
                throw new IllegalStateException(vendor + " stream ended with " + last + ": the fixture is wrong");
            }
        }

        LlmChunk parseAll(Blackhole blackhole) {
            return ParserRun.parseAll(protocol.newStreamParser(headersOnly), events, blackhole);
        }

        @TearDown(Level.Trial)
        public void close() {
            provider.close();
        }
    }
}
