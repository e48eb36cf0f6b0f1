package io.relay4j.springai;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.ProviderInfo;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A provider that records every request it is given, then passes it to the real one. */
final class RecordingProvider implements LlmProvider {

    private final LlmProvider delegate;
    private final List<LlmRequest> requests = new CopyOnWriteArrayList<>();

    RecordingProvider(LlmProvider delegate) {
        this.delegate = delegate;
    }

    /** The requests given so far, in order. */
    List<LlmRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Mono<LlmResponse> generate(LlmRequest request) {
        return Mono.defer(() -> {
            requests.add(request);
            return delegate.generate(request);
        });
    }

    @Override
    public Flux<LlmChunk> stream(LlmRequest request) {
        return Flux.defer(() -> {
            requests.add(request);
            return delegate.stream(request);
        });
    }

    @Override
    public ProviderInfo info() {
        return delegate.info();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
