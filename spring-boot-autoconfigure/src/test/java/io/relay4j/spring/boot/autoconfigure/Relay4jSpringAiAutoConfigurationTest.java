package io.relay4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmRouter;
import io.relay4j.core.testing.ScriptedProvider;
import io.relay4j.springai.Relay4jChatMetadata;
import io.relay4j.springai.Relay4jChatModel;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;

/**
 * The Spring AI chat model over the router: made when relay4j-spring-ai is on the class path and a router exists,
 * selected by {@code spring.ai.model.chat} as Spring AI's own models are, backing off for the application's own
 * {@code ChatModel}, and the one Spring AI's {@code ChatClient.Builder} uses.
 */
class Relay4jSpringAiAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(Relay4jAutoConfiguration.class,
                    Relay4jSpringAiAutoConfiguration.class))
            .withUserConfiguration(OwnRouter.class);

    @Test
    void aChatModelOverTheRouterServesChatClientFromSpringAisAutoConfiguration() {
        runner.withConfiguration(AutoConfigurations.of(ToolCallingAutoConfiguration.class,
                        ChatClientAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ChatModel.class)
                            .hasSingleBean(Relay4jChatModel.class);
                    ChatResponse response = context.getBean(ChatClient.Builder.class).build()
                            .prompt().user("hello").call().chatResponse();
                    assertThat(response.getResult().getOutput().getText()).isEqualTo("ok from mine");
                    assertThat(Relay4jChatMetadata.provider(response)).contains("mine");
                    assertThat(context.getBean(Relay4jChatModel.class)).extracting("mapping")
                            .extracting("toolCallingManager").isSameAs(context.getBean(ToolCallingManager.class));
                });
    }

    @Test
    void selectedBySpringAisChatModelPropertyLikeSpringAisOwnModels() {
        runner.withPropertyValues("spring.ai.model.chat=relay4j")
                .run(context -> assertThat(context).hasSingleBean(Relay4jChatModel.class));
        runner.withPropertyValues("spring.ai.model.chat=openai")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ChatModel.class));
    }

    @Test
    void theApplicationsOwnChatModelTakesPrecedence() {
        runner.withUserConfiguration(OwnChatModel.class)
                .run(context -> assertThat(context).hasSingleBean(ChatModel.class)
                        .doesNotHaveBean(Relay4jChatModel.class));
    }

    @Test
    void noneWithoutARouterOrWithoutSpringAi() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(Relay4jAutoConfiguration.class,
                        Relay4jSpringAiAutoConfiguration.class))
                .withPropertyValues("relay4j.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ChatModel.class));
        runner.withClassLoader(new FilteredClassLoader(Relay4jChatModel.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(LlmRouter.class)
                        .doesNotHaveBean(Relay4jChatModel.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRouter {
        @Bean
        LlmRouter myRouter() {
            return LlmRouter.builder().provider(ScriptedProvider.named("mine")).logging(false).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnChatModel {
        @Bean
        ChatModel myChatModel() {
            return new ChatModel() {
                @Override
                public ChatResponse call(Prompt prompt) {
                    throw new UnsupportedOperationException("not called");
                }

                @Override
                public Flux<ChatResponse> stream(Prompt prompt) {
                    return Flux.error(new UnsupportedOperationException("not called"));
                }
            };
        }
    }
}
