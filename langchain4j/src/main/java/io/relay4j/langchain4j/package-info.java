/**
 * LangChain4j adapters: {@link io.relay4j.langchain4j.Relay4jChatModel} and
 * {@link io.relay4j.langchain4j.Relay4jStreamingChatModel} put an {@link io.relay4j.core.LlmRouter} behind
 * LangChain4j's {@code ChatModel} and {@code StreamingChatModel}, and
 * {@link io.relay4j.langchain4j.Relay4jChatResponseMetadata} tells which provider served each answer, after which
 * attempts, at what cost. Built and tested against LangChain4j 1.19.
 */
package io.relay4j.langchain4j;
