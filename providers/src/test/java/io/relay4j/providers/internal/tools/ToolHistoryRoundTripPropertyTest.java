package io.relay4j.providers.internal.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random tool histories (seeded): each turn answered by a random vendor with one to three parallel calls in that
 * vendor's id shapes. After every turn the whole history goes to every vendor, whose body must keep its rules and
 * carry no foreign state, and every vendor that answered a turn gets that turn's ids and signature back unchanged.
 */
class ToolHistoryRoundTripPropertyTest {

    private static final int HISTORIES = 150;
    private static final String[] NAMES = {"get_weather", "get_time", "read_file"};

    @Test
    void randomToolHistoriesSurviveEveryVendorWithTheCallersIdsIntact() {
        Random random = new Random(20261130L);
        TargetVendor[] vendors = TargetVendor.values();
        for (int h = 0; h < HISTORIES; h++) {
            ToolConversation conversation = new ToolConversation();
            List<List<String>> callerIds = new ArrayList<>();
            int turns = 1 + random.nextInt(4);
            for (int t = 0; t < turns; t++) {
                TargetVendor vendor = vendors[random.nextInt(vendors.length)];
                List<TargetVendor.Call> calls = new ArrayList<>();
                int parallel = 1 + random.nextInt(3);
                for (int c = 0; c < parallel; c++) {
                    String id = vendor == TargetVendor.COMPATIBLE && random.nextBoolean()
                            ? "functions." + NAMES[c] + ":" + c : vendor.ownId(random);
                    calls.add(new TargetVendor.Call(id, NAMES[c]));
                }
                conversation.turn(vendor, calls);
                callerIds.add(conversation.answers().get(t).toolCalls().stream().map(ToolCall::id).toList());
                for (TargetVendor target : vendors) {
                    conversation.sendTo(target);
                }
            }
            for (int t = 0; t < turns; t++) {
                assertThat(conversation.answers().get(t).toolCalls().stream().map(ToolCall::id).toList())
                        .as("history %s turn %s: the caller's ids", h, t).isEqualTo(callerIds.get(t));
            }
            for (ToolResult result : conversation.request().messages().stream()
                    .flatMap(m -> m.toolResults().stream()).toList()) {
                assertThat(callerIds.stream().flatMap(List::stream)).as("each result answers a caller's id")
                        .contains(result.callId());
            }
        }
    }
}
