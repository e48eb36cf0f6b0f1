package io.relay4j.simulator.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;

/** Writes one exchange's response, healthy or faulty, in a vendor's dialect. */
final class Responder {

    private final VendorDialect dialect;
    private final Scheduler timer;
    private final HttpServerResponse response;
    private final Connection connection;
    private final Exchange exchange;

    Responder(VendorDialect dialect, Scheduler timer, HttpServerResponse response, Connection connection, Exchange exchange) {
        this.dialect = dialect;
        this.timer = timer;
        this.response = response;
        this.connection = connection;
        this.exchange = exchange;
    }

    /** A complete non-200 reply. */
    Mono<Void> reply(ErrorReply reply) {
        response.status(HttpResponseStatus.valueOf(reply.status()))
                .header(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        reply.headers().forEach(response::header);
        return response.sendString(Mono.just(reply.body()), StandardCharsets.UTF_8).then()
                .then(Mono.fromRunnable(exchange::endedAsPlanned));
    }

    /** A successful non-streaming answer. */
    Mono<Void> completion(Answer answer, ReplyContext context) {
        return sendCompletion(answer, context).then(Mono.fromRunnable(exchange::answered));
    }

    /**
     * An answer without tokens ({@link Answer#empty()}), whole or streamed with the healthy writers: an injected
     * fault, so it ends as planned and does not count as an answer.
     */
    Mono<Void> emptyAnswer(Answer empty, Behaviour behaviour, boolean stream, ReplyContext context) {
        Mono<Void> sent = stream ? sendStream(events(empty, behaviour).complete(), context)
                : sendCompletion(empty, context);
        return sent.then(Mono.fromRunnable(exchange::endedAsPlanned));
    }

    /** A successful stream. */
    Mono<Void> stream(Answer answer, Behaviour behaviour, ReplyContext context) {
        return sendStream(events(answer, behaviour).complete(), context).then(Mono.fromRunnable(exchange::answered));
    }

    /** A stream broken by a mid-stream fault; a stall never completes and ends only when the client leaves. */
    Mono<Void> brokenStream(Answer answer, Behaviour behaviour, Fault fault, ReplyContext context) {
        return sendStream(events(answer, behaviour).brokenBy(fault), context)
                .then(Mono.fromRunnable(exchange::endedAsPlanned));
    }

    /** A non-streaming answer broken by a stream fault (stall, broken JSON, truncation). */
    Mono<Void> brokenCompletion(Answer answer, Fault fault, ReplyContext context) {
        byte[] body = dialect.completion(answer).getBytes(StandardCharsets.UTF_8);
        byte[] half = Arrays.copyOf(body, body.length / 2);
        okHeaders(dialect.jsonContentType(), context);
        return switch (fault) {
            case STALL_MID_STREAM -> response.sendByteArray(Flux.concat(Mono.just(half), Mono.never())).then();
            case MALFORMED_JSON -> response.sendByteArray(Mono.just(half)).then()
                    .then(Mono.fromRunnable(exchange::endedAsPlanned));
            case TRUNCATED_STREAM -> {
                response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
                // hide(): reactor-netty sends a scalar publisher as one full message with a recomputed length
                yield response.sendByteArray(Flux.just(half).hide()).then().then(closeConnection(false));
            }
            default -> throw new IllegalArgumentException(fault + " is not a body fault");
        };
    }

    /** A status-200 answer that refuses ({@code body} from {@link VendorDialect#refusedCompletion}). */
    Mono<Void> refusedCompletion(String body, ReplyContext context) {
        okHeaders(dialect.jsonContentType(), context);
        return response.sendString(Mono.just(body), StandardCharsets.UTF_8).then()
                .then(Mono.fromRunnable(exchange::endedAsPlanned));
    }

    /** Resets the connection (TCP RST) without sending a byte. */
    Mono<Void> reset() {
        return closeConnection(true);
    }

    private Mono<Void> closeConnection(boolean reset) {
        return Mono.<Void>fromRunnable(() -> {
            exchange.endedAsPlanned();
            Channel channel = connection.channel();
            if (reset) {
                // linger 0 makes close() send RST instead of FIN
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            }
            channel.close();
        }).then(connection.onDispose());
    }

    private Mono<Void> sendCompletion(Answer answer, ReplyContext context) {
        okHeaders(dialect.jsonContentType(), context);
        return response.sendString(Mono.just(dialect.completion(answer)), StandardCharsets.UTF_8).then();
    }

    private Mono<Void> sendStream(Flux<String> events, ReplyContext context) {
        exchange.streamStarted();
        okHeaders(dialect.streamContentType(), context);
        response.header(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        return response.sendString(events, StandardCharsets.UTF_8).then();
    }

    private StreamEvents events(Answer answer, Behaviour behaviour) {
        return new StreamEvents(dialect.streamRenderer(answer), answer, behaviour, timer);
    }

    private void okHeaders(String contentType, ReplyContext context) {
        response.status(HttpResponseStatus.OK).header(HttpHeaderNames.CONTENT_TYPE, contentType);
        for (Map.Entry<String, String> header : dialect.answerHeaders(context).entrySet()) {
            response.header(header.getKey(), header.getValue());
        }
    }
}
