package io.relay4j.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.Vendor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Handles every request of one simulated vendor: route, auth and body checks, then the plan of the installed
 * behaviour (fault, latency, text), carried out without blocking: delays run on the connection's event loop
 * unless a timer scheduler is configured.
 */
public final class SimulatorHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private final VendorDialect dialect;
    private final String answerIdPrefix;
    private final StatsRecorder stats;
    private final Timers timers;
    private final AtomicReference<InstalledBehaviour> installed;
    private volatile boolean closing;

    public SimulatorHandler(Vendor vendor, Behaviour behaviour, StatsRecorder stats, Optional<Scheduler> timer) {
        this.dialect = switch (vendor) {
            case OPENAI -> new OpenAiDialect();
            case ANTHROPIC -> new AnthropicDialect();
            case GEMINI -> new GeminiDialect();
            case AZURE_OPENAI -> new AzureOpenAiDialect();
        };
        this.answerIdPrefix = switch (vendor) {
            case OPENAI, AZURE_OPENAI -> "chatcmpl-";
            case ANTHROPIC -> "msg_";
            case GEMINI -> "";
        };
        Json.warmUp();
        this.stats = stats;
        this.timers = new Timers(timer);
        this.installed = new AtomicReference<>(new InstalledBehaviour(behaviour, nowMillis()));
    }

    /** Installs {@code behaviour} for the requests that arrive from now on; its schedule starts now. */
    public void install(Behaviour behaviour) {
        installed.set(new InstalledBehaviour(behaviour, nowMillis()));
    }

    /** The behaviour new requests get. */
    public Behaviour behaviour() {
        return installed.get().behaviour();
    }

    /** From now on, exchanges cut by the server's own shutdown are not counted as client cancellations. */
    public void closing() {
        closing = true;
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        long number = stats.requestReceived();
        Exchange exchange = new Exchange(stats, () -> closing);
        Connection connection = connectionOf(response);
        Scheduler timer = timers.forConnection(connection);
        Responder responder = new Responder(dialect, timer, response, connection, exchange);
        // aggregate().asString() releases the request's buffers once the text is read
        Mono<Void> work = request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .flatMap(body -> respond(request, body, number, responder, timer));
        return exchange.track(work, connection.onDispose());
    }

    private static Connection connectionOf(HttpServerResponse response) {
        // withConnection hands over the exchange's connection synchronously
        AtomicReference<Connection> connection = new AtomicReference<>();
        response.withConnection(connection::set);
        return connection.get();
    }

    private Mono<Void> respond(HttpServerRequest request, String body, long number, Responder responder,
                               Scheduler timer) {
        InstalledBehaviour current = installed.get();
        ReplyContext context = new ReplyContext(requestId(number), number, Instant.ofEpochMilli(nowMillis()), 0,
                current.behaviour().retryAfter());
        try {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            Optional<Route> route = dialect.route(request.method(), uri.path(), uri.parameters());
            if (route.isEmpty()) {
                return responder.reply(dialect.notFound(request.method(), uri.path(), context));
            }
            if (!dialect.hasCredentials(request.requestHeaders(), uri.parameters())) {
                stats.authFailed();
                return responder.reply(dialect.unauthenticated(context));
            }
            Optional<String> headerProblem = dialect.headerProblem(request.requestHeaders());
            if (headerProblem.isPresent()) {
                return responder.reply(dialect.invalidRequest(headerProblem.get(), context));
            }
            JsonNode json = Json.parse(body);
            ParsedRequest parsed = dialect.parse(json, route.get(), TokenEstimate.of(json));
            ExchangePlan plan = current.plan(nowMillis());
            plan.fault().ifPresent(stats::faultInjected);
            ReplyContext planned = new ReplyContext(context.requestId(), number, context.now(), parsed.inputTokens(),
                    plan.behaviour().retryAfter());
            return delay(plan.latency(), timer).then(Mono.defer(() -> deliver(parsed, plan, planned, responder)));
        } catch (InvalidRequestException e) {
            return responder.reply(dialect.invalidRequest(e, context));
        }
    }

    private Mono<Void> deliver(ParsedRequest request, ExchangePlan plan, ReplyContext context, Responder responder) {
        Answer answer = answer(request, plan, context);
        Behaviour behaviour = plan.behaviour();
        if (plan.fault().isEmpty()) {
            return request.stream() ? responder.stream(answer, behaviour, context) : responder.completion(answer, context);
        }
        Fault fault = plan.fault().get();
        return switch (fault) {
            case BAN_403, RATE_LIMIT_429, QUOTA_EXHAUSTED, OVERLOADED_529, SERVER_ERROR_500, UNAVAILABLE_503 ->
                    responder.reply(dialect.statusFault(fault, context));
            case HTML_ERROR_PAGE -> responder.reply(ErrorReply.proxyBadGateway());
            case CONNECTION_RESET -> responder.reset();
            case IN_STREAM_ERROR -> request.stream()
                    ? responder.brokenStream(answer, behaviour, fault, context)
                    : responder.reply(dialect.statusFault(dialect.inStreamErrorWithoutStream(), context));
            case STALL_MID_STREAM, MALFORMED_JSON, TRUNCATED_STREAM -> request.stream()
                    ? responder.brokenStream(answer, behaviour, fault, context)
                    : responder.brokenCompletion(answer, fault, context);
            case FINISHED_WITHOUT_END_MARKER -> request.stream()
                    ? responder.brokenStream(answer, behaviour, fault, context)
                    : responder.completion(answer, context);
            case PROMPT_REFUSED -> dialect.promptRefusal(context).map(responder::reply)
                    .orElseGet(() -> refused(request, answer, behaviour, fault, context, responder));
            case ANSWER_REFUSED -> refused(request, answer, behaviour, fault, context, responder);
            case EMPTY_ANSWER -> responder.emptyAnswer(answer.empty(), behaviour, request.stream(), context);
        };
    }

    /** A refusal with status 200: a stream, or a whole answer with the tokens sent before it. */
    private Mono<Void> refused(ParsedRequest request, Answer answer, Behaviour behaviour, Fault fault,
                               ReplyContext context, Responder responder) {
        if (request.stream()) {
            return responder.brokenStream(answer, behaviour, fault, context);
        }
        int tokens = fault == Fault.PROMPT_REFUSED ? 0 : Math.min(behaviour.faultAfterTokens(), answer.units());
        String partial = tokens == 0 ? "" : LoremText.text(answer.textSeed(), tokens);
        return responder.refusedCompletion(
                dialect.refusedCompletion(answer, partial, tokens, fault == Fault.PROMPT_REFUSED), context);
    }

    private Answer answer(ParsedRequest request, ExchangePlan plan, ReplyContext context) {
        int wanted = plan.behaviour().answerTokens();
        int words = Math.min(wanted, request.maxTokens().orElse(Integer.MAX_VALUE));
        String id = answerIdPrefix + Long.toHexString(plan.textSeed() & Long.MAX_VALUE);
        AnswerContent content = ContentPlanner.plan(request.conversation(), plan.behaviour().toolCallShape(), words,
                plan.textSeed(), dialect.style());
        boolean cut = words < wanted && ContentPlanner.isLorem(content);
        return new Answer(id, request.model(), context.now().getEpochSecond(), request.inputTokens(),
                content.units() - content.reasoning().map(Block::units).orElse(0) + content.reasoningTokens(),
                cut, request.includeUsage(), plan.textSeed(), content);
    }

    private static Mono<Void> delay(Duration latency, Scheduler timer) {
        // a zero delay must not touch the timer: a virtual-time timer would hold it until time is advanced
        return latency.isZero() ? Mono.empty() : Mono.delay(latency, timer).then();
    }

    private long nowMillis() {
        return timers.nowMillis();
    }

    private static String requestId(long number) {
        long mixed = number * 0x9E3779B97F4A7C15L;
        mixed ^= mixed >>> 29;
        return "req_" + String.format("%016x%08x", mixed, number & 0xFFFFFFFFL);
    }
}
