package io.relay4j.simulator;

import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.relay4j.simulator.internal.SimulatorHandler;
import io.relay4j.simulator.internal.StatsRecorder;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A local HTTP server that speaks one vendor's LLM API ({@link Vendor}) closely enough that a real client cannot
 * tell: same paths, bodies, stream framing, headers and error envelopes, with deterministic lorem text, and the
 * latency and faults of its {@link Behaviour}. It checks that the vendor's credential header is present (401 in
 * the vendor's format otherwise) and accepts any key.
 *
 * <p>Everything runs on reactor-netty's event loops (each exchange's delays on its own connection's loop); nothing
 * blocks, and streams are rendered token by token, so one server sustains thousands of concurrent slow streams. The behaviour can be
 * changed while requests run ({@link #setBehaviour}); requests already planned keep the one they started with.
 *
 * <pre>{@code
 * SimulatorServer.bind(Vendor.OPENAI, Behaviour.builder()
 *         .latency(LatencyDistribution.logNormal(Duration.ofMillis(300), 0.4))
 *         .tokenDelay(Duration.ofMillis(20))
 *         .schedule(FaultSchedule.builder().between(ofSeconds(10), ofSeconds(40), Fault.BAN_403).build())
 *         .seed(7)
 *         .build())
 *     .subscribe(primary -> {
 *         LlmProvider openai = OpenAiProvider.builder().baseUrl(primary.baseUrl()).apiKey("sim").model("gpt-4o-mini").build();
 *         // ... route traffic, read primary.stats(), then primary.close()
 *     });
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class SimulatorServer implements AutoCloseable {

    /** The host a server binds to unless told otherwise: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    private final Vendor vendor;
    private final DisposableServer server;
    private final SimulatorHandler handler;
    private final StatsRecorder stats;
    private final ChannelGroup connections;

    private SimulatorServer(Vendor vendor, DisposableServer server, SimulatorHandler handler, StatsRecorder stats,
                            ChannelGroup connections) {
        this.vendor = vendor;
        this.server = server;
        this.handler = handler;
        this.stats = stats;
        this.connections = connections;
    }

    /**
     * Starts a server for {@code vendor} on {@value #DEFAULT_HOST} and a free port; the {@code Mono} emits it once
     * the port is bound. Never blocks: a test or main thread that must wait subscribes and blocks itself.
     */
    public static Mono<SimulatorServer> bind(Vendor vendor, Behaviour behaviour) {
        return builder(vendor).behaviour(behaviour).bind();
    }

    /** A builder for a server speaking {@code vendor}. */
    public static Builder builder(Vendor vendor) {
        return new Builder(vendor);
    }

    /** The vendor this server speaks. */
    public Vendor vendor() {
        return vendor;
    }

    /** The bound host. */
    public String host() {
        return server.host();
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** Scheme, host and port, for example {@code http://127.0.0.1:40123}. */
    public String origin() {
        String host = host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /**
     * The base URL a provider takes as is: {@link #origin()} plus the vendor's prefix, for example
     * {@code http://127.0.0.1:40123/v1} (OpenAI, Anthropic), {@code http://127.0.0.1:40123/v1beta} (Gemini) or
     * the bare origin (Azure OpenAI's resource endpoint).
     */
    public String baseUrl() {
        return origin() + vendor.pathPrefix();
    }

    /** The behaviour new requests get. */
    public Behaviour behaviour() {
        return handler.behaviour();
    }

    /**
     * Installs {@code behaviour} for requests arriving from now on; its schedule and request numbering start now.
     * Exchanges already under way finish with the behaviour they started with.
     */
    public void setBehaviour(Behaviour behaviour) {
        handler.install(Objects.requireNonNull(behaviour, "behaviour"));
    }

    /** What the server has done so far. */
    public SimulatorStats stats() {
        return stats.snapshot();
    }

    /**
     * Stops listening and closes every open connection, stalled streams included. Does not block; see
     * {@link #onClose()} to wait. Exchanges cut by the shutdown are not counted as cancellations.
     */
    @Override
    public void close() {
        handler.closing();
        server.dispose();
        connections.close();
    }

    /** Completes once the listening socket and every connection are closed (after {@link #close()}). */
    public Mono<Void> onClose() {
        return server.onDispose().then(Mono.create(sink -> connections.newCloseFuture().addListener(done -> sink.success())));
    }

    @Override
    public String toString() {
        return "SimulatorServer[" + vendor + " at " + baseUrl() + "]";
    }

    /** Configures and starts a server. Not thread-safe. */
    public static final class Builder {
        private final Vendor vendor;
        private String host = DEFAULT_HOST;
        private int port;
        private Behaviour behaviour = Behaviour.healthy();
        private Optional<Scheduler> timer = Optional.empty();

        private Builder(Vendor vendor) {
            this.vendor = Objects.requireNonNull(vendor, "vendor");
        }

        /** The address to bind; default {@value SimulatorServer#DEFAULT_HOST}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to bind, 0 (the default) for a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The initial behaviour; default {@link Behaviour#healthy()}. */
        public Builder behaviour(Behaviour behaviour) {
            this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
            return this;
        }

        /**
         * The scheduler of every delay and the clock of schedules. By default each delay runs on its connection's
         * event loop and schedules follow the system clock. A test may pass a virtual-time scheduler to move through
         * a {@link FaultSchedule} or a latency without waiting.
         */
        public Builder timer(Scheduler timer) {
            this.timer = Optional.of(Objects.requireNonNull(timer, "timer"));
            return this;
        }

        /** Binds and returns the running server, without blocking. */
        public Mono<SimulatorServer> bind() {
            StatsRecorder stats = new StatsRecorder();
            SimulatorHandler handler = new SimulatorHandler(vendor, behaviour, stats, timer);
            ChannelGroup connections = new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE);
            return HttpServer.create()
                    .host(host)
                    .port(port)
                    .doOnConnection(connection -> connections.add(connection.channel()))
                    .handle(handler)
                    .bind()
                    .map(server -> new SimulatorServer(vendor, server, handler, stats, connections));
        }
    }
}
