package io.relay4j.simulator.internal;

import java.util.Optional;

/**
 * An endpoint a request matched.
 *
 * @param streaming   true when the path itself asks for a stream (Gemini); OpenAI and Anthropic say so in the body
 * @param pathModel   the model named in the path (Gemini)
 */
public record Route(boolean streaming, Optional<String> pathModel) {

    /** An endpoint whose body says whether to stream. */
    public static Route byBody() {
        return new Route(false, Optional.empty());
    }
}
