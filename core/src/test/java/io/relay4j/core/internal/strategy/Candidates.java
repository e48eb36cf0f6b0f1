package io.relay4j.core.internal.strategy;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.testing.ScriptedProvider;
import java.util.Arrays;
import java.util.List;

/** Candidate lists for the ordering tests: scripted providers named in priority order. */
final class Candidates {

    /** A request for the orders that do not look at it. */
    static final LlmRequest REQUEST = LlmRequest.of("which provider goes first?");

    private Candidates() {
    }

    static List<LlmProvider> named(String... names) {
        return Arrays.stream(names).<LlmProvider>map(ScriptedProvider::named).toList();
    }

    static List<String> names(List<LlmProvider> providers) {
        return providers.stream().map(LlmProvider::name).toList();
    }
}
