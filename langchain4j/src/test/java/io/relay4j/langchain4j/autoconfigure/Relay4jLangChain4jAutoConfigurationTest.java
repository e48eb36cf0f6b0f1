package io.relay4j.langchain4j.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.testing.ScriptedProvider;
import io.relay4j.langchain4j.Relay4jChatModel;
import io.relay4j.langchain4j.Relay4jStreamingChatModel;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class Relay4jLangChain4jAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(Relay4jLangChain4jAutoConfiguration.class));

    private static LlmRouter router() {
        return LlmRouter.builder().provider(ScriptedProvider.named("p")).build();
    }

    @Test
    void bothModelsOnTheRouterBeanWithTheListenerBeans() {
        ChatModelListener listener = new ChatModelListener() { };
        runner.withBean(LlmRouter.class, Relay4jLangChain4jAutoConfigurationTest::router)
                .withBean(ChatModelListener.class, () -> listener)
                .run(context -> {
                    assertThat(context).hasSingleBean(Relay4jChatModel.class)
                            .hasSingleBean(Relay4jStreamingChatModel.class);
                    assertThat(context.getBean(ChatModel.class).listeners()).containsExactly(listener);
                    assertThat(context.getBean(StreamingChatModel.class).listeners()).containsExactly(listener);
                });
    }

    @Test
    void nothingWithoutARouter() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ChatModel.class)
                .doesNotHaveBean(StreamingChatModel.class));
    }

    @Test
    void theApplicationsOwnModelsTakePrecedence() {
        ChatModel own = new ChatModel() { };
        runner.withBean(LlmRouter.class, Relay4jLangChain4jAutoConfigurationTest::router)
                .withBean(ChatModel.class, () -> own)
                .run(context -> {
                    assertThat(context.getBean(ChatModel.class)).isSameAs(own);
                    assertThat(context).hasSingleBean(Relay4jStreamingChatModel.class);
                });
    }
}
