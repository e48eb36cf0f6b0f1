package io.relay4j.examples.chat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A chat page whose answers stream through relay4j's {@code LlmRouter}, from the starter and
 * {@code application.yml}. Without the {@code real} profile the providers answer from local simulated vendor
 * servers ({@link SimulatorInitializer}); with it, from the vendors, with the keys in {@code ANTHROPIC_API_KEY} and
 * {@code OPENAI_API_KEY}. Open {@code http://localhost:8080/}.
 */
@SpringBootApplication
public class ChatApplication {

    public static void main(String[] args) {
        SpringApplication.run(ChatApplication.class, args);
    }
}
