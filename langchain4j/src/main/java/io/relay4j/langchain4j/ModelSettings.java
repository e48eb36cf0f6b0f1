package io.relay4j.langchain4j;

import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.Reasoning;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** What both adapters are configured with, checked once; shared so the two builders stay thin. */
final class ModelSettings {

    static final ModelSettings EMPTY = new ModelSettings(null, DefaultChatRequestParameters.EMPTY, List.of(),
            Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA), Optional.empty());

    final LlmRouter router;
    final ChatRequestParameters defaultRequestParameters;
    final List<ChatModelListener> listeners;
    final Set<Capability> supportedCapabilities;
    final Optional<Reasoning> reasoning;

    private ModelSettings(LlmRouter router, ChatRequestParameters defaultRequestParameters,
                List<ChatModelListener> listeners, Set<Capability> supportedCapabilities, Optional<Reasoning> reasoning) {
        this.router = router;
        this.defaultRequestParameters = defaultRequestParameters;
        this.listeners = listeners;
        this.supportedCapabilities = supportedCapabilities;
        this.reasoning = reasoning;
    }

    ModelSettings reasoning(Reasoning reasoning) {
        return new ModelSettings(router, defaultRequestParameters, listeners, supportedCapabilities,
                Optional.of(Objects.requireNonNull(reasoning, "reasoning must not be null (use Reasoning.off())")));
    }

    ModelSettings router(LlmRouter router) {
        return new ModelSettings(Objects.requireNonNull(router, "router must not be null"), defaultRequestParameters,
                listeners, supportedCapabilities, reasoning);
    }

    ModelSettings defaultRequestParameters(ChatRequestParameters parameters) {
        return new ModelSettings(router, Objects.requireNonNull(parameters,
                "defaultRequestParameters must not be null (use DefaultChatRequestParameters.EMPTY)"), listeners,
                supportedCapabilities, reasoning);
    }

    ModelSettings listeners(List<ChatModelListener> listeners) {
        Objects.requireNonNull(listeners, "listeners must not be null (use an empty list)");
        listeners.forEach(l -> Objects.requireNonNull(l, "listeners must not contain null"));
        return new ModelSettings(router, defaultRequestParameters, List.copyOf(listeners), supportedCapabilities,
                reasoning);
    }

    ModelSettings supportedCapabilities(Set<Capability> capabilities) {
        Objects.requireNonNull(capabilities, "supportedCapabilities must not be null (use an empty set)");
        return new ModelSettings(router, defaultRequestParameters, listeners, Set.copyOf(capabilities), reasoning);
    }

    /** These settings, refused when the router is missing. */
    ModelSettings checked(String model) {
        if (router == null) {
            throw new IllegalStateException(model + " needs a router: set it with router(LlmRouter)");
        }
        return this;
    }
}
