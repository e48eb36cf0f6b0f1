package io.relay4j.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which errors fill in a stack trace: only those it tells something about. */
class LlmExceptionStackTraceTest {

    private static final ErrorDetails REPLY_500 = ErrorDetails.of("primary").withStatus(500);

    @Test
    void anErrorClassifiedFromAReplyCarriesNoStackTrace() {
        assertThat(new ServerError("HTTP 500: boom", REPLY_500).getStackTrace()).isEmpty();
        assertThat(new RateLimited("HTTP 429", ErrorDetails.of("p").withStatus(429), false).getStackTrace())
                .isEmpty();
    }

    @Test
    void anErrorWrappingAJavaExceptionKeepsItsStackTrace() {
        IOException reset = new IOException("connection reset");
        TransportError e = new TransportError("connection reset", ErrorDetails.of("primary"), false, reset);
        MalformedResponse malformed = new MalformedResponse("bad JSON", REPLY_500, reset);

        assertThat(e.getStackTrace()).isNotEmpty();
        assertThat(e.getStackTrace()[0].getMethodName()).isEqualTo("anErrorWrappingAJavaExceptionKeepsItsStackTrace");
        assertThat(malformed.getStackTrace()).isNotEmpty();
        assertThat(malformed.getCause()).isSameAs(reset);
    }

    @Test
    void anErrorWithoutAStatusKeepsItsStackTrace() {
        assertThat(new Timeout("no answer in 10s", ErrorDetails.of("p"), Timeout.Kind.ATTEMPT).getStackTrace())
                .isNotEmpty();
        assertThat(new AllProvidersFailed("all failed", List.of()).getStackTrace()).isNotEmpty();
    }

    @Test
    void aStacklessErrorStillTakesSuppressedErrors() {
        ServerError first = new ServerError("HTTP 500: boom", REPLY_500);
        Overloaded second = new Overloaded("HTTP 503", ErrorDetails.of("secondary").withStatus(503));

        first.addSuppressed(second);

        assertThat(first.getSuppressed()).containsExactly(second);
        assertThat(first.getMessage()).isEqualTo("[primary] HTTP 500: boom (status 500)");
    }
}
