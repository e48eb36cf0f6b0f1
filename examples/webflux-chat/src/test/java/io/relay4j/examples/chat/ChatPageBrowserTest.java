package io.relay4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Wait;

/**
 * The chat page in a real browser: headless Chromium from Debian's packages ({@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}; {@code .ci/run} installs them), driven by Selenium against the application on a
 * random port with the simulated vendors. A person's path: ask, watch the answer grow and the provider's name
 * appear under it, press "Ban the primary provider", ask again and see another provider serve, with the primary's
 * failed attempt listed. Fails, never skips, when Chromium is missing. Selenium's client blocks, on the test
 * thread only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chat.simulator.token-delay=50ms", "chat.simulator.answer-tokens=24"})
class ChatPageBrowserTest {

    private static final Path CHROMIUM = Paths.get(System.getProperty("chat.test.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Paths.get(System.getProperty("chat.test.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);

    private static WebDriver browser;
    private static Path profile;

    @LocalServerPort
    private int port;

    @BeforeAll
    static void startChromium() throws IOException {
        for (Path executable : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(executable)) {
                fail("the browser test needs Debian's headless Chromium: " + executable + " is missing. Install it"
                        + " with `apt-get install -y chromium chromium-driver` (.ci/run does so when it is missing)");
            }
        }
        profile = Files.createTempDirectory("chat-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the background-networking flags keep Chromium from calling out of this closed network at start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1000,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopChromium() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void aPersonAsksSeesTheAnswerStreamInThenBansThePrimaryAndSeesAnotherProviderAnswer() throws IOException {
        browser.get("http://127.0.0.1:" + port + "/");
        waitUntil("the page shows the simulated providers",
                () -> text(By.id("mode")).contains("claude (anthropic), gpt (openai)"));

        Answer first = ask("What does relay4j do?");
        assertThat(first.provider()).isEqualTo("claude");
        assertThat(first.servedBy()).isEqualTo("served by claude (claude-sonnet-4-5)");
        assertThat(first.attempts()).containsExactly("claude: SUCCESS");
        assertThat(first.lengthsSeen()).as("the answer grew while it arrived (text lengths seen: %s)",
                first.lengthsSeen()).filteredOn(length -> length > 0 && length < first.text().length())
                .hasSizeGreaterThanOrEqualTo(3);

        browser.findElement(By.id("ban-primary")).click();
        waitUntil("the page shows the ban", () -> text(By.id("simulator-state")).equals("banned: claude"));

        Answer second = ask("And when the primary is banned?");
        assertThat(second.provider()).isEqualTo("gpt");
        assertThat(second.servedBy()).isEqualTo("served by gpt (gpt-4o-mini)");
        assertThat(second.attempts()).containsExactly("claude: FAILED (POLICY_VIOLATION)", "gpt: SUCCESS");
        assertThat(second.text()).isNotBlank();
        screenshot();

        browser.findElement(By.id("restore")).click();
        waitUntil("the page shows no ban", () -> text(By.id("simulator-state")).isEmpty());
        assertThat(ask("Back to normal?").provider()).isEqualTo("claude");
    }

    /** What the page showed for one question. */
    private record Answer(String text, String servedBy, String provider, List<String> attempts,
                          List<Integer> lengthsSeen) {
    }

    /** Types the question, presses Ask, and records the answer's length at each look until its summary shows. */
    private Answer ask(String question) {
        int turnsBefore = browser.findElements(By.cssSelector(".turn")).size();
        WebElement input = browser.findElement(By.id("question"));
        input.sendKeys(question);
        browser.findElement(By.id("ask")).click();
        waitUntil("the question's turn appears", () -> browser.findElements(By.cssSelector(".turn")).size()
                == turnsBefore + 1);
        WebElement turn = browser.findElements(By.cssSelector(".turn")).get(turnsBefore);
        List<Integer> lengths = new ArrayList<>();
        waitUntil("the answer ends with the provider's name", () -> {
            lengths.add(turn.findElement(By.cssSelector(".answer-text")).getText().length());
            return "done".equals(turn.getDomAttribute("data-state"));
        });
        WebElement servedBy = turn.findElement(By.cssSelector(".served-by"));
        List<String> attempts = turn.findElements(By.cssSelector(".attempts li")).stream()
                .map(WebElement::getText).toList();
        return new Answer(turn.findElement(By.cssSelector(".answer-text")).getText(), servedBy.getText(),
                String.valueOf(servedBy.getDomAttribute("data-provider")), attempts, lengths);
    }

    private static String text(By locator) {
        return browser.findElement(locator).getText().trim();
    }

    /** Polls on the test thread, where Selenium's blocking client belongs, never on a Reactor thread. */
    private static void waitUntil(String what, java.util.function.BooleanSupplier condition) {
        Wait<WebDriver> wait = new FluentWait<>(browser).withTimeout(ANSWER_TIMEOUT)
                .pollingEvery(Duration.ofMillis(10)).withMessage(() -> what + "; the page shows: "
                        + browser.findElement(By.tagName("body")).getText());
        wait.until(driver -> condition.getAsBoolean());
    }

    private static void screenshot() throws IOException {
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Paths.get("target", "chat-page.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
