package io.relay4j.langchain4j.autoconfigure;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import io.relay4j.core.LlmRouter;
import io.relay4j.langchain4j.Relay4jChatModel;
import io.relay4j.langchain4j.Relay4jStreamingChatModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * In a Spring Boot application with LangChain4j and an {@link LlmRouter} bean (from relay4j's starter or the
 * application's own), a {@link Relay4jChatModel} and a {@link Relay4jStreamingChatModel} on that router, each with
 * the application's {@link ChatModelListener} beans. An application's own {@code ChatModel} or
 * {@code StreamingChatModel} bean takes precedence. Runs after relay4j's router auto-configuration.
 */
@AutoConfiguration(afterName = "io.relay4j.spring.boot.autoconfigure.Relay4jAutoConfiguration")
@ConditionalOnClass({ChatModel.class, LlmRouter.class})
@ConditionalOnBean(LlmRouter.class)
public class Relay4jLangChain4jAutoConfiguration {

    /** The blocking model on the router. */
    @Bean
    @ConditionalOnMissingBean(ChatModel.class)
    public Relay4jChatModel relay4jChatModel(LlmRouter router, ObjectProvider<ChatModelListener> listeners) {
        return Relay4jChatModel.builder().router(router).listeners(listeners.orderedStream().toList()).build();
    }

    /** The streaming model on the router. */
    @Bean
    @ConditionalOnMissingBean(StreamingChatModel.class)
    public Relay4jStreamingChatModel relay4jStreamingChatModel(LlmRouter router,
            ObjectProvider<ChatModelListener> listeners) {
        return Relay4jStreamingChatModel.builder().router(router).listeners(listeners.orderedStream().toList())
                .build();
    }
}
