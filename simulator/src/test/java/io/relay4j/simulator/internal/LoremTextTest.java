package io.relay4j.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LoremTextTest {

    @Test
    void wordsOneByOneAddUpToTheWholeText() {
        LoremText lorem = new LoremText(5);
        String streamed = IntStream.range(0, 40).mapToObj(i -> lorem.nextDelta(i == 39)).collect(Collectors.joining());

        assertThat(streamed).isEqualTo(LoremText.text(5, 40));
    }

    @Test
    void textIsSentencesOfTheRequestedNumberOfWords() {
        String text = LoremText.text(8, 30);

        assertThat(text.split(" ")).hasSize(30);
        assertThat(text).matches("[A-Z][a-z]+( [A-Za-z]+\\.?)*\\.");
        assertThat(text.chars().filter(c -> c == '.').count()).isGreaterThan(1);
        assertThat(LoremText.text(8, 30)).isEqualTo(text);
        assertThat(LoremText.text(9, 30)).isNotEqualTo(text);
    }
}
