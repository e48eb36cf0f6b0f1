package io.relay4j.spring.boot.autoconfigure;

import io.relay4j.core.LlmRouter;
import io.relay4j.springai.Relay4jChatModel;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * A Spring AI {@link ChatModel} ({@link Relay4jChatModel}) over the application's {@link LlmRouter}, when
 * {@code relay4j-spring-ai} is on the class path: Spring AI's {@code ChatClient.Builder} then gets failover
 * between the router's providers without a code change.
 *
 * <p>Selected like Spring AI's own chat models, by {@code spring.ai.model.chat}: on when it is unset or
 * {@code relay4j}, off for any other value. An application that keeps a Spring AI vendor starter (for its
 * {@code ChatClient} and tool auto-configuration) sets {@code spring.ai.model.chat=relay4j}, which also turns that
 * vendor's chat model off, so the {@code ChatClient} has one model to use. A {@link ChatModel} bean of the
 * application's own takes precedence. The application's {@link ToolCallingManager} (Spring AI's tool
 * auto-configuration makes one) resolves the tools' definitions when there is one.
 */
@AutoConfiguration(after = Relay4jAutoConfiguration.class,
        afterName = "org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration")
@ConditionalOnClass({ChatModel.class, Relay4jChatModel.class})
@ConditionalOnProperty(name = Relay4jSpringAiAutoConfiguration.CHAT_MODEL_PROPERTY,
        havingValue = Relay4jSpringAiAutoConfiguration.CHAT_MODEL, matchIfMissing = true)
public class Relay4jSpringAiAutoConfiguration {

    /** Spring AI's property that selects the chat model among those on the class path. */
    public static final String CHAT_MODEL_PROPERTY = "spring.ai.model.chat";
    /** The value of {@link #CHAT_MODEL_PROPERTY} that selects relay4j. */
    public static final String CHAT_MODEL = "relay4j";

    /** The chat model; see the class documentation. */
    @Bean
    @ConditionalOnBean(LlmRouter.class)
    @ConditionalOnMissingBean(ChatModel.class)
    public Relay4jChatModel relay4jChatModel(LlmRouter router, ObjectProvider<ToolCallingManager> toolCallingManager) {
        Relay4jChatModel.Builder model = Relay4jChatModel.builder(router);
        toolCallingManager.ifUnique(model::toolCallingManager);
        return model.build();
    }
}
