package io.relay4j.simulator.internal;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Optional;

/**
 * An endpoint a request matched.
 *
 * @param streaming   true when the path itself asks for a stream (Gemini); OpenAI and Anthropic say so in the body
 * @param pathModel   the model named in the path (Gemini)
 */
record Route(boolean streaming, Optional<String> pathModel) {

    /** The single {@code POST} endpoint at {@code endpoint} whose body says whether to stream, if that is the request's. */
    static Optional<Route> byBody(String endpoint, HttpMethod method, String path) {
        return HttpMethod.POST.equals(method) && endpoint.equals(path)
                ? Optional.of(new Route(false, Optional.empty()))
                : Optional.empty();
    }
}
