package io.relay4j.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.simulator.ToolCallShape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Decides, deterministically from the request and the answer's seed, what an answer contains: tool calls when the
 * request declares tools and the user spoke last, a final text counting the tool results when they came back,
 * schema-valid JSON for a structured answer, otherwise lorem text; reasoning first when asked for, in the vendor's
 * {@link Style}.
 */
final class ContentPlanner {

    /** Words of reasoning a reasoning answer carries. */
    static final int REASONING_WORDS = 8;
    private static final int FRAGMENT_CHARS = 8;
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** What differs between vendors in an answer's content. */
    enum Style {
        /** Reasoning only in the usage; {@code call_} ids; arguments in fragments. */
        OPENAI,
        /** A signed thinking block; {@code toolu_} ids; arguments in fragments. */
        ANTHROPIC,
        /** Thought parts when included; whole calls; thought signatures on the first call or the text. */
        GEMINI
    }

    private ContentPlanner() {
    }

    /**
     * The content of an answer to {@code conversation}.
     *
     * @param words lorem words the answer text would have (after the max-tokens cut)
     */
    static AnswerContent plan(Conversation conversation, ToolCallShape defaultShape, int words, long seed, Style style) {
        List<Block> blocks = new ArrayList<>();
        Conversation.Reasoning reasoning = conversation.reasoning();
        int reasoningTokens = reasoning.requested() ? REASONING_WORDS : 0;
        if (reasoning.requested() && reasoning.visible() && style != Style.OPENAI) {
            Optional<String> signature = style == Style.ANTHROPIC
                    ? Optional.of(Signatures.mint(Signatures.ANTHROPIC, seed)) : Optional.empty();
            blocks.add(new Block.Reasoning(words(seed ^ 0x5EED, REASONING_WORDS), signature));
        }
        boolean gemini = style == Style.GEMINI;
        boolean signCall = gemini && (conversation.gemini3() || reasoning.requested());
        Optional<String> textSignature = gemini && reasoning.requested()
                ? Optional.of(Signatures.mint(Signatures.GEMINI, seed)) : Optional.empty();
        if (conversation.toolResults() > 0) {
            int results = conversation.toolResults();
            blocks.add(new Block.Text(List.of("Received", " " + results, " tool", results == 1 ? " result. " : " results. "),
                    seed, words, textSignature));
        } else if (!conversation.tools().isEmpty() && conversation.choice().mode() != Conversation.Choice.Mode.NONE) {
            List<Conversation.Tool> called = called(conversation, defaultShape);
            ToolCallShape shape = conversation.shapeMarker().orElse(defaultShape);
            if (shape == ToolCallShape.TEXT_THEN_TOOL) {
                blocks.add(new Block.Text(List.of("Calling", " " + called.get(0).name() + "."), seed, 0, Optional.empty()));
            }
            for (int i = 0; i < called.size(); i++) {
                Conversation.Tool tool = called.get(i);
                String arguments = Json.write(SchemaValues.generate(tool.parameters(), i));
                List<String> fragments = gemini ? List.of(arguments) : fragments(arguments);
                Optional<String> signature = signCall && i == 0
                        ? Optional.of(Signatures.mint(Signatures.GEMINI, seed + i)) : Optional.empty();
                blocks.add(new Block.ToolUse(callId(style, conversation, seed, i), tool.name(), arguments, fragments,
                        signature));
            }
        } else if (conversation.responseSchema().isPresent()) {
            String json = Json.write(SchemaValues.generate(conversation.responseSchema().get(), 0));
            blocks.add(new Block.Text(fragments(json), seed, 0, textSignature));
        } else {
            blocks.add(new Block.Text(List.of(), seed, words, textSignature));
        }
        return new AnswerContent(blocks, reasoningTokens);
    }

    /** Whether the answer is lorem text the max-tokens cut may shorten (not tool calls, not JSON). */
    static boolean isLorem(AnswerContent content) {
        return content.blocks().stream().noneMatch(b -> b instanceof Block.ToolUse
                || b instanceof Block.Text t && !t.prefix().isEmpty() && t.loremWords() == 0);
    }

    private static List<Conversation.Tool> called(Conversation conversation, ToolCallShape defaultShape) {
        List<Conversation.Tool> tools = conversation.tools();
        Conversation.Tool first = conversation.choice().named()
                .flatMap(name -> tools.stream().filter(t -> t.name().equals(name)).findFirst())
                .orElse(tools.get(0));
        ToolCallShape shape = conversation.shapeMarker().orElse(defaultShape);
        if (shape != ToolCallShape.PARALLEL || !conversation.parallelAllowed()) {
            return List.of(first);
        }
        boolean sameTool = tools.size() < 2 || conversation.choice().mode() == Conversation.Choice.Mode.NAMED;
        return List.of(first, sameTool ? first : tools.get(1));
    }

    private static String callId(Style style, Conversation conversation, long seed, int index) {
        SplittableRandom random = new SplittableRandom(seed * 31 + index);
        return switch (style) {
            case OPENAI -> "call_" + random(random, 24);
            case ANTHROPIC -> "toolu_01" + random(random, 22);
            case GEMINI -> conversation.gemini3() ? random(random, 8).toLowerCase(java.util.Locale.ROOT) : "";
        };
    }

    private static String random(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return text.toString();
    }

    /** {@code text} in pieces of a few characters, as vendors stream arguments and JSON answers. */
    static List<String> fragments(String text) {
        List<String> pieces = new ArrayList<>();
        for (int at = 0; at < text.length(); at += FRAGMENT_CHARS) {
            pieces.add(text.substring(at, Math.min(text.length(), at + FRAGMENT_CHARS)));
        }
        return pieces;
    }

    private static List<String> words(long seed, int count) {
        LoremText lorem = new LoremText(seed);
        List<String> words = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            words.add(lorem.nextDelta(i == count - 1));
        }
        return words;
    }

    /** The opaque signatures the simulator mints, and the check it applies to the ones that come back. */
    static final class Signatures {
        static final String ANTHROPIC = "anthropic";
        static final String GEMINI = "gemini";
        private static final String PREFIX = "relay4j-sim/";
        /** Gemini's documented values for calls the model did not make. */
        private static final List<String> GEMINI_DUMMIES =
                List.of("skip_thought_signature_validator", "context_engineering_is_the_way_to_go");

        private Signatures() {
        }

        static String mint(String vendor, long seed) {
            String raw = PREFIX + vendor + "/" + Long.toHexString(seed);
            return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        /** Whether {@code signature} is one this simulator minted for {@code vendor} (or a Gemini dummy). */
        static boolean valid(String vendor, JsonNode signature) {
            if (signature == null || !signature.isTextual()) {
                return false;
            }
            String text = signature.asText();
            if (GEMINI.equals(vendor) && GEMINI_DUMMIES.contains(text)) {
                return true;
            }
            try {
                return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8)
                        .startsWith(PREFIX + vendor + "/");
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
