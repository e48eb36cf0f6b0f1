package io.relay4j.providers.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelOption;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Usage;
import io.relay4j.core.error.TransportError;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.providers.anthropic.AnthropicProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;
import reactor.test.StepVerifier;

/**
 * Issue 12 item 3 at the transport: a stream that said it is finished is finished, however the body then ends
 * without {@code message_stop} or its last chunk: the connection closed, reset, or broken by a malformed chunk.
 * A stream cut so before its finish sign stays a {@code TransportError}, never a silent completion (a body that
 * ends cleanly before it is a {@code MalformedResponse}: see the vendors' stream parser tests and the simulator's
 * end-to-end tests). Anthropic is the vendor under test; the rule is the
 * shared transport's. The server writes raw HTTP/1.1, so each way of cutting a chunked body is exact.
 */
@ExtendWith(NettyLeakGuard.class)
class FinishedStreamCutBeforeItsMarkerTest {

    private static final String START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
            + "{\"model\":\"claude-x\",\"usage\":{\"input_tokens\":7,\"output_tokens\":1}}}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n";
    private static final String STOP = "event: message_delta\ndata: {\"type\":\"message_delta\","
            + "\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":5}}\n\n";

    /** How the body ends after its events, with no last chunk and no end marker. */
    enum Cut { CLOSE, RESET, MALFORMED_CHUNK }

    private DisposableServer server;
    private AnthropicProvider provider;

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
        if (server != null) {
            server.disposeNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Cut.class)
    void aBodyCutAfterTheStopReasonCompletesWithItAndTheUsage(Cut cut) {
        start(START + STOP, cut);

        StepVerifier.create(provider.stream(LlmRequest.of("hi")))
                .assertNext(chunk -> assertThat(chunk.text()).isEqualTo("Hello"))
                .assertNext(last -> {
                    assertThat(last.isLast()).isTrue();
                    assertThat(last.finishReason()).contains(FinishReason.STOP);
                    assertThat(last.usage()).contains(Usage.of(7, 5));
                })
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @EnumSource(Cut.class)
    void aBodyCutBeforeAnyStopReasonIsATransportErrorNeverACompletion(Cut cut) {
        start(START, cut);

        StepVerifier.create(provider.stream(LlmRequest.of("hi")))
                .assertNext(chunk -> assertThat(chunk.text()).isEqualTo("Hello"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(TransportError.class,
                        t -> assertThat(t.beforeResponse()).isFalse()))
                .verify(Duration.ofSeconds(5));
    }

    /** Answers the first request with a chunked 200 stream of {@code events}, then cuts it as {@code cut} says. */
    private void start(String events, Cut cut) {
        byte[] payload = events.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
                + Integer.toHexString(payload.length) + "\r\n";
        String tail = "\r\n" + (cut == Cut.MALFORMED_CHUNK ? "zz-not-a-chunk-size\r\n\r\n" : "");
        server = TcpServer.create().host("127.0.0.1").port(0)
                .handle((in, out) -> in.receive().asString(StandardCharsets.ISO_8859_1)
                        .filter(request -> request.contains("\r\n\r\n")).next()
                        .then(out.sendString(Mono.just(head + events + tail), StandardCharsets.UTF_8).then())
                        .then(Mono.<Void>fromRunnable(() -> out.withConnection(c -> {
                            if (cut == Cut.RESET) {
                                c.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                            }
                            if (cut != Cut.MALFORMED_CHUNK) {
                                c.channel().close();
                            }
                        })))
                        .then(Mono.never()))
                .bindNow();
        provider = AnthropicProvider.builder().name("anthropic").apiKey("sk-ant-test-1").model("claude-x")
                .baseUrl("http://127.0.0.1:" + server.port()).build();
    }
}
