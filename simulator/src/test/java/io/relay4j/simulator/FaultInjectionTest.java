package io.relay4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.SimClient.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@ExtendWith(NettyLeakGuard.class)
class FaultInjectionTest {

    private static final int TOKENS = 10;
    private static final int FAULT_AFTER = 3;

    private SimulatorServer server;
    private SimClient client;

    @AfterEach
    void stop() {
        Simulators.stop(server);
    }

    private void serve(Vendor vendor, Fault fault) {
        server = Simulators.start(vendor, Behaviour.builder()
                .faultRate(fault, 1.0)
                .answerTokens(TOKENS)
                .faultAfterTokens(FAULT_AFTER)
                .retryAfter(Duration.ofMillis(1500))
                .seed(5)
                .build());
        client = new SimClient(server);
    }

    static Stream<Arguments> statusFaults() {
        return Stream.of(
                Arguments.of(Vendor.OPENAI, Fault.BAN_403, 403, "unsupported_country_region_territory"),
                Arguments.of(Vendor.OPENAI, Fault.RATE_LIMIT_429, 429, "rate_limit_exceeded"),
                Arguments.of(Vendor.OPENAI, Fault.QUOTA_EXHAUSTED, 429, "insufficient_quota"),
                Arguments.of(Vendor.OPENAI, Fault.OVERLOADED_529, 503, "server_error"),
                Arguments.of(Vendor.OPENAI, Fault.SERVER_ERROR_500, 500, "server_error"),
                Arguments.of(Vendor.OPENAI, Fault.UNAVAILABLE_503, 503, "service_unavailable"),
                Arguments.of(Vendor.ANTHROPIC, Fault.BAN_403, 403, "permission_error"),
                Arguments.of(Vendor.ANTHROPIC, Fault.RATE_LIMIT_429, 429, "rate_limit_error"),
                Arguments.of(Vendor.ANTHROPIC, Fault.QUOTA_EXHAUSTED, 402, "billing_error"),
                Arguments.of(Vendor.ANTHROPIC, Fault.OVERLOADED_529, 529, "overloaded_error"),
                Arguments.of(Vendor.ANTHROPIC, Fault.SERVER_ERROR_500, 500, "api_error"),
                Arguments.of(Vendor.ANTHROPIC, Fault.UNAVAILABLE_503, 503, "api_error"),
                Arguments.of(Vendor.GEMINI, Fault.BAN_403, 403, "PERMISSION_DENIED"),
                Arguments.of(Vendor.GEMINI, Fault.RATE_LIMIT_429, 429, "RESOURCE_EXHAUSTED"),
                Arguments.of(Vendor.GEMINI, Fault.QUOTA_EXHAUSTED, 429, "RESOURCE_EXHAUSTED"),
                Arguments.of(Vendor.GEMINI, Fault.OVERLOADED_529, 503, "UNAVAILABLE"),
                Arguments.of(Vendor.GEMINI, Fault.SERVER_ERROR_500, 500, "INTERNAL"),
                Arguments.of(Vendor.GEMINI, Fault.UNAVAILABLE_503, 503, "UNAVAILABLE"),
                Arguments.of(Vendor.AZURE_OPENAI, Fault.BAN_403, 403, "403"),
                Arguments.of(Vendor.AZURE_OPENAI, Fault.RATE_LIMIT_429, 429, "429"),
                Arguments.of(Vendor.AZURE_OPENAI, Fault.QUOTA_EXHAUSTED, 429, "insufficient_quota"),
                Arguments.of(Vendor.AZURE_OPENAI, Fault.OVERLOADED_529, 503, "503"),
                Arguments.of(Vendor.AZURE_OPENAI, Fault.SERVER_ERROR_500, 500, "InternalServerError"),
                Arguments.of(Vendor.AZURE_OPENAI, Fault.UNAVAILABLE_503, 503, "ServiceUnavailable"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @MethodSource("statusFaults")
    void statusFaultAnswersWithTheVendorsStatusAndErrorEnvelope(Vendor vendor, Fault fault, int status, String code) {
        serve(vendor, fault);

        for (boolean stream : new boolean[] {false, true}) {
            Reply reply = client.call(stream, VendorRequests.body(vendor, stream, false, 0)).block(SimClient.TIMEOUT);

            assertThat(reply.status()).isEqualTo(status);
            assertThat(reply.headers().get("content-type")).startsWith("application/json");
            assertThat(vendorCode(vendor, reply.json())).isEqualTo(code);
        }
        assertThat(Await.stats(server, s -> s.requestsInFlight() == 0).faults(fault)).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void rateLimitCarriesRetryAfterAndTheVendorsRateLimitSignals(Vendor vendor) {
        serve(vendor, Fault.RATE_LIMIT_429);

        Reply reply = client.call(false, client.request(false)).block(SimClient.TIMEOUT);

        switch (vendor) {
            case OPENAI -> {
                assertThat(reply.headers().get("retry-after")).isEqualTo("2");
                assertThat(reply.headers().get("x-ratelimit-remaining-requests")).isEqualTo("0");
                assertThat(reply.headers().get("x-ratelimit-reset-requests")).isEqualTo("1.5s");
                assertThat(reply.headers().get("x-request-id")).startsWith("req_");
            }
            case ANTHROPIC -> {
                assertThat(reply.headers().get("retry-after")).isEqualTo("2");
                assertThat(reply.headers().get("anthropic-ratelimit-requests-remaining")).isEqualTo("0");
                assertThat(reply.headers().get("anthropic-ratelimit-requests-reset")).endsWith("Z");
                assertThat(reply.headers().get("request-id")).startsWith("req_");
            }
            case AZURE_OPENAI -> {
                assertThat(reply.headers().get("retry-after")).isEqualTo("2");
                assertThat(reply.headers().get("retry-after-ms")).isEqualTo("1500");
                assertThat(reply.headers().get("x-ratelimit-remaining-requests")).isEqualTo("0");
                assertThat(reply.headers().get("apim-request-id")).startsWith("req_");
                assertThat(reply.json().get("error").get("message").asText()).contains("Please retry after 2 seconds");
            }
            case GEMINI -> {
                JsonNode details = reply.json().get("error").get("details");
                assertThat(details.findValuesAsText("@type")).contains("type.googleapis.com/google.rpc.RetryInfo");
                assertThat(details.findValue("retryDelay").asText()).isEqualTo("2s");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void quotaExhaustedGivesNoRetryHint(Vendor vendor) {
        serve(vendor, Fault.QUOTA_EXHAUSTED);

        Reply reply = client.call(false, client.request(false)).block(SimClient.TIMEOUT);

        assertThat(reply.headers().contains("retry-after")).isFalse();
        assertThat(reply.body()).doesNotContain("RetryInfo");
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void connectionResetFailsTheClientBeforeAnyResponseByte(Vendor vendor) {
        serve(vendor, Fault.CONNECTION_RESET);

        for (boolean stream : new boolean[] {false, true}) {
            List<String> received = new ArrayList<>();
            StepVerifier.create(client.chunks(stream, VendorRequests.body(vendor, stream, false, 0))
                            .doOnNext(received::add))
                    .expectError(IOException.class)
                    .verify(SimClient.TIMEOUT);
            assertThat(received).isEmpty();
        }
        SimulatorStats stats = Await.stats(server, s -> s.requestsInFlight() == 0);
        assertThat(stats.faults(Fault.CONNECTION_RESET)).isEqualTo(2);
        assertThat(stats.cancellations()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void htmlErrorPageIsA502FromAProxy(Vendor vendor) {
        serve(vendor, Fault.HTML_ERROR_PAGE);

        Reply reply = client.call(true, VendorRequests.body(vendor, true, false, 0)).block(SimClient.TIMEOUT);

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.headers().get("content-type")).isEqualTo("text/html");
        assertThat(reply.body()).startsWith("<html>").contains("502 Bad Gateway");
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void stalledStreamSendsSomeTokensThenNothingUntilTheClientLeaves(Vendor vendor) {
        serve(vendor, Fault.STALL_MID_STREAM);
        ChunkCollector stream = new ChunkCollector(client.chunks(true, VendorRequests.body(vendor, true, false, 0)))
                .awaitText(text -> VendorStreams.tokenEvents(vendor, completeEvents(vendor, text)) >= FAULT_AFTER);
        String received = stream.text();
        // the stall is the absence of events: a healthy stream would finish well within this window
        Mono.delay(Duration.ofMillis(300)).block();

        assertThat(stream.text()).isEqualTo(received);
        assertThat(stream.terminated()).isFalse();
        assertThat(received).startsWith("HTTP 200");
        List<SseEvents.Event> events = completeEvents(vendor, received);
        assertThat(VendorStreams.tokenEvents(vendor, events)).isEqualTo(FAULT_AFTER);
        assertThat(VendorStreams.endsProperly(vendor, events)).isFalse();
        stream.cancel();
        SimulatorStats stats = Await.stats(server, s -> s.cancellations() == 1);
        assertThat(stats.streamsInFlight()).isZero();
        assertThat(stats.answersCompleted()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void stalledCompletionSendsHalfABodyThenNothing(Vendor vendor) {
        serve(vendor, Fault.STALL_MID_STREAM);
        ChunkCollector body = new ChunkCollector(client.chunks(false, client.request(false)))
                .awaitText(text -> text.startsWith("HTTP 200{"));
        String received = body.text();
        Mono.delay(Duration.ofMillis(300)).block();

        assertThat(body.text()).isEqualTo(received);
        assertThat(body.terminated()).isFalse();
        assertThat(OpenAiWireFormatTest.isJson(received.substring("HTTP 200".length()))).isFalse();
        body.cancel();
        assertThat(Await.stats(server, s -> s.cancellations() == 1).requestsInFlight()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void malformedJsonBreaksOneStreamEventOrTheWholeBody(Vendor vendor) {
        serve(vendor, Fault.MALFORMED_JSON);

        Reply whole = client.call(false, client.request(false)).block(SimClient.TIMEOUT);
        Reply streamed = client.call(true, VendorRequests.body(vendor, true, false, 0)).block(SimClient.TIMEOUT);

        assertThat(whole.status()).isEqualTo(200);
        assertThat(VendorStreams.json(new SseEvents.Event("message", whole.body()))).isEmpty();
        assertThat(streamed.status()).isEqualTo(200);
        List<SseEvents.Event> events = VendorStreams.events(vendor, streamed.body());
        List<SseEvents.Event> broken = events.stream()
                .filter(e -> !e.data().equals("[DONE]") && VendorStreams.json(e).isEmpty()).toList();
        assertThat(broken).hasSize(1);
        assertThat(VendorStreams.tokenEvents(vendor, events.subList(0, events.indexOf(broken.get(0)))))
                .isEqualTo(FAULT_AFTER);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void inStreamErrorFollowsSomeTokensInsideA200Stream(Vendor vendor) {
        serve(vendor, Fault.IN_STREAM_ERROR);

        Reply streamed = client.call(true, VendorRequests.body(vendor, true, false, 0)).block(SimClient.TIMEOUT);
        Reply whole = client.call(false, client.request(false)).block(SimClient.TIMEOUT);

        assertThat(streamed.status()).isEqualTo(200);
        List<SseEvents.Event> events = VendorStreams.events(vendor, streamed.body());
        assertThat(VendorStreams.tokenEvents(vendor, events)).isEqualTo(FAULT_AFTER);
        SseEvents.Event last = events.get(events.size() - 1);
        JsonNode error = VendorStreams.json(last).orElseThrow();
        switch (vendor) {
            case OPENAI, AZURE_OPENAI -> assertThat(error.get("error").get("type").asText()).isEqualTo("server_error");
            case ANTHROPIC -> {
                assertThat(last.name()).isEqualTo("error");
                assertThat(error.get("error").get("type").asText()).isEqualTo("overloaded_error");
            }
            case GEMINI -> assertThat(error.get("error").get("status").asText()).isEqualTo("UNAVAILABLE");
        }
        int expectedStatus = switch (vendor) {
            case OPENAI, AZURE_OPENAI -> 500;
            case ANTHROPIC -> 529;
            case GEMINI -> 503;
        };
        assertThat(whole.status()).isEqualTo(expectedStatus);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void truncatedStreamEndsCleanlyWithoutTheEndMarker(Vendor vendor) {
        serve(vendor, Fault.TRUNCATED_STREAM);

        Reply streamed = client.call(true, VendorRequests.body(vendor, true, false, 0)).block(SimClient.TIMEOUT);

        assertThat(streamed.status()).isEqualTo(200);
        List<SseEvents.Event> events = VendorStreams.events(vendor, streamed.body());
        assertThat(VendorStreams.tokenEvents(vendor, events)).isEqualTo(FAULT_AFTER);
        assertThat(VendorStreams.endsProperly(vendor, events)).isFalse();
        assertThat(events).allSatisfy(e -> assertThat(VendorStreams.json(e)).isPresent());
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void truncatedCompletionDeclaresItsFullLengthThenClosesTheConnection(Vendor vendor) {
        serve(vendor, Fault.TRUNCATED_STREAM);

        StepVerifier.create(client.chunks(false, client.request(false)))
                .expectNext("HTTP 200")
                .thenConsumeWhile(chunk -> chunk.startsWith("{") || !chunk.startsWith("HTTP"))
                .expectError(IOException.class)
                .verify(SimClient.TIMEOUT);
        SimulatorStats stats = Await.stats(server, s -> s.requestsInFlight() == 0);
        assertThat(stats.cancellations()).isZero();
        assertThat(stats.faults(Fault.TRUNCATED_STREAM)).isEqualTo(1);
    }

    /** The complete events in {@code body} (a leading "HTTP <status>" from {@link SimClient#chunks} is skipped). */
    private static List<SseEvents.Event> completeEvents(Vendor vendor, CharSequence body) {
        String text = body.toString().replaceFirst("^HTTP \\d{3}", "");
        String separator = VendorStreams.newline(vendor).repeat(2);
        int end = text.lastIndexOf(separator);
        return end < 0 ? List.of() : VendorStreams.events(vendor, text.substring(0, end + separator.length()));
    }

    private static String vendorCode(Vendor vendor, JsonNode body) {
        JsonNode error = body.get("error");
        return switch (vendor) {
            case OPENAI -> error.get("code").isNull() ? error.get("type").asText() : error.get("code").asText();
            case ANTHROPIC -> error.get("type").asText();
            case GEMINI -> error.get("status").asText();
            case AZURE_OPENAI -> {
                assertThat(error.has("type")).as("Azure's envelope has no type").isFalse();
                yield error.get("code").asText();
            }
        };
    }
}
