/** Mappings between LangChain4j's types and relay4j's; implementation, may change in any release. */
package io.relay4j.langchain4j.internal;
