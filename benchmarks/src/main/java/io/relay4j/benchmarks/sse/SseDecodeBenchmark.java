package io.relay4j.benchmarks.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.relay4j.streaming.sse.ServerSentEvent;
import io.relay4j.streaming.sse.SseDecoder;
import java.util.List;
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
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;

/**
 * SSE decoding throughput on one thread: a whole vendor-shaped stream of {@value #CONTENT_CHUNKS} text deltas per
 * invocation, from pooled direct buffers as reactor-netty hands them over, through {@link SseDecoder} to a
 * consumer. One operation is one dispatched event, so the score is events per second (and, with
 * {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes allocated per event).
 *
 * <p>The socket reads are built once, in direct pooled memory; each invocation passes retained duplicates (the
 * decoder owns and releases them, as it owns {@code responseContent().retain()}), so no copying is measured and
 * the source buffers' reference counts are checked to return to one after every iteration.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class SseDecodeBenchmark {

    /** Text deltas per stream: a 500-token answer, a typical chat reply. */
    static final int CONTENT_CHUNKS = 500;

    private static final int OPENAI_EVENTS = CONTENT_CHUNKS + 4;
    private static final int ANTHROPIC_EVENTS = CONTENT_CHUNKS + 6;

    @Benchmark
    @OperationsPerInvocation(OPENAI_EVENTS)
    public void openAi(OpenAiReads reads, Blackhole blackhole) {
        reads.decodeAll(blackhole);
    }

    @Benchmark
    @OperationsPerInvocation(ANTHROPIC_EVENTS)
    public void anthropic(AnthropicReads reads, Blackhole blackhole) {
        reads.decodeAll(blackhole);
    }

    /** An OpenAI Chat Completions stream, cut into reads. */
    @State(Scope.Thread)
    public static class OpenAiReads extends StreamReads {
        @Param({"PER_EVENT", "READS_16K"})
        public ReadSplit split;

        @Setup(Level.Trial)
        public void prepare() {
            prepare(VendorStream.openAiChat(CONTENT_CHUNKS, 42), split, OPENAI_EVENTS);
        }
    }

    /** An Anthropic Messages stream, cut into reads. */
    @State(Scope.Thread)
    public static class AnthropicReads extends StreamReads {
        @Param({"PER_EVENT", "READS_16K"})
        public ReadSplit split;

        @Setup(Level.Trial)
        public void prepare() {
            prepare(VendorStream.anthropicMessages(CONTENT_CHUNKS, 42), split, ANTHROPIC_EVENTS);
        }
    }

    /** One stream's reads in pooled direct memory, and the decoding of all of them. */
    public abstract static class StreamReads {
        private final SseDecoder decoder = new SseDecoder("bench");
        private ByteBuf[] reads;
        private int expectedEvents;

        void prepare(VendorStream stream, ReadSplit split, int operationsPerInvocation) {
            if (stream.eventCount() != operationsPerInvocation) {
                throw new IllegalStateException("stream has " + stream.eventCount() + " events but the benchmark counts "
                        + operationsPerInvocation + " operations per invocation");
            }
            expectedEvents = stream.eventCount();
            List<byte[]> chunks = split.split(stream.body());
            reads = new ByteBuf[chunks.size()];
            for (int i = 0; i < reads.length; i++) {
                byte[] chunk = chunks.get(i);
                reads[i] = PooledByteBufAllocator.DEFAULT.directBuffer(chunk.length).writeBytes(chunk);
            }
        }

        @TearDown(Level.Iteration)
        public void checkNothingLeaked() {
            for (ByteBuf read : reads) {
                if (read.refCnt() != 1) {
                    throw new IllegalStateException("a read buffer was retained or over-released: refCnt=" + read.refCnt());
                }
            }
        }

        @TearDown(Level.Trial)
        public void releaseReads() {
            for (ByteBuf read : reads) {
                read.release();
            }
        }

        void decodeAll(Blackhole blackhole) {
            ByteBuf[] body = new ByteBuf[reads.length];
            for (int i = 0; i < body.length; i++) {
                body[i] = reads[i].retainedDuplicate();
            }
            CountingSubscriber consumer = new CountingSubscriber(blackhole);
            decoder.decode(Flux.fromArray(body)).subscribe(consumer);
            if (consumer.events != expectedEvents || !consumer.completed) {
                throw new IllegalStateException("decoded " + consumer.events + " events (completed=" + consumer.completed
                        + "), expected " + expectedEvents);
            }
        }
    }

    /** Requests everything and sinks each event; the source is synchronous, so it has finished on return. */
    private static final class CountingSubscriber implements CoreSubscriber<ServerSentEvent> {
        private final Blackhole blackhole;
        int events;
        boolean completed;

        CountingSubscriber(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ServerSentEvent event) {
            events++;
            blackhole.consume(event);
        }

        @Override
        public void onError(Throwable error) {
            throw new IllegalStateException("decoding failed", error);
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }
}
