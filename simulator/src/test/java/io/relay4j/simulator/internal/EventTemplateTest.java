package io.relay4j.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class EventTemplateTest {

    @Test
    void rendersTheSameJsonAsSerialisingTheTreeWithTheText() {
        ObjectNode tree = Json.object().put("model", "m\"odel").put("text", EventTemplate.SLOT).put("n", 1);
        EventTemplate template = EventTemplate.of("data: ", tree, "\n\n");

        String rendered = template.render("say \"hi\"\n");

        ObjectNode expected = Json.object().put("model", "m\"odel").put("text", "say \"hi\"\n").put("n", 1);
        assertThat(rendered).isEqualTo("data: " + Json.write(expected) + "\n\n");
    }

    @Test
    void aTreeWithoutTheSlotIsRejected() {
        assertThatThrownBy(() -> EventTemplate.of("", Json.object().put("text", "x"), ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
