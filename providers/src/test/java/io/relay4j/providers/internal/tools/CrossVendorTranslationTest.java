package io.relay4j.providers.internal.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A tool conversation moves from vendor A to vendor B and back to A, for every ordered pair: B's body keeps B's id
 * and name rules and pairs every result with its call, carries none of A's opaque state, and A then gets its own
 * ids and signatures back unchanged while the caller keeps seeing the ids it was given.
 */
class CrossVendorTranslationTest {

    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (TargetVendor a : TargetVendor.values()) {
            for (TargetVendor b : TargetVendor.values()) {
                pairs.add(Arguments.of(a, b));
            }
        }
        return pairs.stream();
    }

    /** Two parallel calls in A's real id shapes; a compatible server gives a Kimi id and a 60-character one. */
    static List<TargetVendor.Call> parallelCalls(TargetVendor vendor, Random random) {
        if (vendor == TargetVendor.COMPATIBLE) {
            return List.of(new TargetVendor.Call("functions.get_weather:0", "get_weather"),
                    new TargetVendor.Call("call_" + TargetVendor.alnum(random, 55), "get_time"));
        }
        return List.of(new TargetVendor.Call(vendor.ownId(random), "get_weather"),
                new TargetVendor.Call(vendor.ownId(random), "get_time"));
    }

    @ParameterizedTest(name = "{0} -> {1} -> {0}")
    @MethodSource("pairs")
    void aToolConversationMovesFromAToBAndBackToA(TargetVendor a, TargetVendor b) {
        Random random = new Random(a.ordinal() * 31L + b.ordinal());
        ToolConversation conversation = new ToolConversation().turn(a, parallelCalls(a, random));
        List<ToolCall> callerIds = conversation.answers().get(0).toolCalls();

        conversation.sendTo(b);
        conversation.turn(b, parallelCalls(b, random));
        conversation.sendTo(a);
        conversation.sendTo(b);

        assertThat(conversation.answers().get(0).toolCalls()).as("the caller's ids never change").isEqualTo(callerIds);
        assertThat(b.encode(conversation.request())).as("a retry sends the same bytes")
                .isEqualTo(b.encode(conversation.request()));
    }
}
