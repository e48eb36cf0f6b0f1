package io.relay4j.providers.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.Overloaded;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.error.TransportError;
import io.relay4j.providers.internal.ApiKey;
import io.relay4j.providers.internal.HttpCall;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.Redactor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Network failures that are hard to provoke on a loopback server, mapped directly. */
class TransportFailuresTest {

    private static final Redactor REDACTOR = Redactor.of(Optional.of(ApiKey.of("sk-abcdefghijkl")));

    @Test
    void connectTimeoutIsATimeoutOfKindConnect() {
        assertThat(map(new ConnectTimeoutException("connection timed out: api.openai.com"), notStarted()))
                .isInstanceOfSatisfying(Timeout.class, t -> assertThat(t.kind()).isEqualTo(Timeout.Kind.CONNECT));
    }

    @Test
    void readTimeoutBeforeTheHeadIsAHeadersTimeoutAndAfterItAnIdleOne() {
        assertThat(map(ReadTimeoutException.INSTANCE, notStarted()))
                .isInstanceOfSatisfying(Timeout.class, t -> assertThat(t.kind()).isEqualTo(Timeout.Kind.RESPONSE_HEADERS));
        assertThat(map(ReadTimeoutException.INSTANCE, started()))
                .isInstanceOfSatisfying(Timeout.class, t -> assertThat(t.kind()).isEqualTo(Timeout.Kind.IDLE));
    }

    @Test
    void dnsRefusalAndTlsFailuresHappenBeforeTheResponse() {
        assertThat(map(new UnknownHostException("api.example.invalid"), notStarted())).isInstanceOfSatisfying(
                TransportError.class, t -> assertThat(t.beforeResponse()).isTrue()).hasMessageContaining("DNS");
        assertThat(map(new ConnectException("Connection refused"), notStarted())).isInstanceOfSatisfying(
                TransportError.class, t -> assertThat(t.beforeResponse()).isTrue());
        assertThat(map(new IOException("wrapped", new SSLHandshakeException("PKIX path building failed")), notStarted()))
                .isInstanceOfSatisfying(TransportError.class, t -> assertThat(t.beforeResponse()).isTrue())
                .hasMessageContaining("TLS");
    }

    @Test
    void resetDuringTheBodyIsAfterTheResponseAndCarriesTheRequestId() {
        LlmException e = map(new IOException("Connection reset by peer"), started());

        assertThat(e).isInstanceOfSatisfying(TransportError.class, t -> assertThat(t.beforeResponse()).isFalse());
        assertThat(e.requestId()).contains("req_1");
        assertThat(e.httpStatus()).hasValue(200);
    }

    @Test
    void typedErrorsPassThroughUnchanged() {
        Overloaded overloaded = new Overloaded("busy", ErrorDetails.of("p").withStatus(529));

        assertThat(map(overloaded, started())).isSameAs(overloaded);
    }

    @Test
    void keyInANetworkMessageIsRedacted() {
        assertThat(map(new IOException("proxy said sk-abcdefghijkl is bad"), notStarted()).getMessage())
                .doesNotContain("sk-abcdefghijkl");
    }

    private static LlmException map(Throwable t, CallState state) {
        return TransportFailures.map(t, state, REDACTOR);
    }

    private static CallState notStarted() {
        return new CallState("p", new HttpCall("/chat", Map.of(), new byte[0]));
    }

    private static CallState started() {
        CallState state = new CallState("p", new HttpCall("/chat", Map.of(), new byte[0]));
        state.headReceived(new HttpReply("p", 200, Map.of("x-request-id", "req_1"), new byte[0], Duration.ZERO));
        return state;
    }
}
