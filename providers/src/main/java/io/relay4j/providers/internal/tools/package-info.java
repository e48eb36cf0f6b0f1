/**
 * Tool-call ids and tool names as each vendor accepts them, for conversations that move between vendors (rules R1,
 * R2, R3 and R9 of the tools design notes).
 *
 * <p>relay4j keeps a conversation in the caller's form: the ids and names a {@code ToolCall} and a
 * {@code ToolResult} carry are the ones the caller was given. Each encoder rewrites them on the way out, per
 * request, with one {@link io.relay4j.providers.internal.tools.WireNames} mapping, so a call and its result always
 * meet on the same wire id:
 *
 * <ul>
 *   <li>OpenAI Chat ids {@code [a-zA-Z0-9_-]{1,40}}; Azure OpenAI the same up to 64; Anthropic
 *       {@code [a-zA-Z0-9_-]+}; Mistral exactly nine letters or digits; other OpenAI-compatible servers as OpenAI.
 *       Gemini never gets an id it did not issue: it pairs results with calls by order and name, and gets
 *       {@code functionCall.id}/{@code functionResponse.id} only for calls of an assistant turn that Gemini
 *       answered (one that carries a Gemini thought signature), never for ids relay4j synthesized.</li>
 *   <li>An id or name the target accepts passes unchanged, so a vendor sees its own ids; so do the ids of turns
 *       the target provider itself answered (its state is on them), such as Kimi's {@code functions.Bash:0} going
 *       back to Kimi. Another is minted
 *       deterministically from the SHA-256 of the original (a vendor-like prefix and base62 digits; names keep their
 *       readable part and gain a hash suffix), collisions within a request resolved in conversation order, so a
 *       retry sends the same bytes.</li>
 *   <li>Nothing has to be mapped back: rewriting touches only history on its way out, and the calls of a new answer
 *       keep the ids the answering vendor gave, which are then the caller's ids. Tool names that a request declares
 *       already fit every vendor ({@code Tool} accepts only {@code [A-Za-z0-9_-]{1,64}}), so only the names of
 *       history calls to tools no longer declared (a dotted MCP name, say) are ever rewritten.</li>
 * </ul>
 */
package io.relay4j.providers.internal.tools;
