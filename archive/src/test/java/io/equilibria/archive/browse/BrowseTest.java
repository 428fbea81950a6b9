package io.equilibria.archive.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.equilibria.archive.Blob;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Samples;
import io.equilibria.archive.Status;
import io.equilibria.archive.browse.BrowseServer;
import io.equilibria.archive.browse.SharedArchive;
import io.equilibria.archive.cluster.ClusterAnalysis;
import io.equilibria.archive.store.Archive;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code equilibria browse} in a real browser (Debian's headless Chromium, driven by Selenium),
 * and the server's answers to hostile requests.
 */
public class BrowseTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "browse-screenshots");
    static final String HOSTILE = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";

    @TempDir
    static Path dir;

    static Path file;
    static SharedArchive view;
    static BrowseServer server;
    static String base;
    static List<Entry> entries = new ArrayList<>();
    static Entry hostile;

    @BeforeAll
    static void serve() throws Exception {
        file = dir.resolve("b.db");
        try (Archive archive = Archive.open(file)) {
            for (int i = 0; i < 30; i++) {
                int s = i;
                List<String> parents = i < 2 ? List.of() : List.of(entries.get(i - 2).id());
                entries.add(archive.write(w -> {
                    Blob sheet = w.store(Samples.png(s, 96), "png");
                    Blob trace = w.store(telemetry(s), "csv");
                    Entry e = Samples.evaluated(s, 0.1 * s, 0.3 + 0.02 * s, s / 6, parents, "search-1",
                            Map.of(Entry.SHEET_A, sheet, Entry.TELEMETRY, trace));
                    w.put(e, Samples.thumbnails(s));
                    return e;
                }));
            }
            hostile = archive.write(w -> {
                Entry e = Samples.evaluated(99, 0.05, 0.1, 0, List.of(), HOSTILE, Map.of()).withStatus(Status.FAILED,
                        HOSTILE);
                w.put(e, Samples.thumbnails(99));
                return e;
            });
            archive.saveClustering(ClusterAnalysis.run(archive, new ClusterAnalysis.Options(3,
                    ClusterAnalysis.On.DESCRIPTORS, null, 1), line -> {}).clustering());
            archive.write(w -> {
                w.putRun(Samples.searchRun("search-1"));
                return null;
            });
        }
        view = SharedArchive.open(file);
        server = BrowseServer.start(view, "127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
        Files.createDirectories(SCREENSHOTS);
    }

    static byte[] telemetry(int seed) {
        StringBuilder csv = new StringBuilder("step,seconds,d_loss,a_class,b_class,grad_norm_a,grad_norm_b,grad_norm_d,"
                + "variance_a,variance_b,drift_a,drift_b\n");
        for (int step = 1; step <= 40; step++) {
            csv.append(step).append(',').append(step * 0.1).append(',').append(1.0 / step + seed * 0.01).append(",0.5,0.6,")
                    .append(Math.sin(step) + 2).append(",1.5,0.7,0.2,0.25,").append(0.01 * step).append(",0.02\n");
        }
        return csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (view != null) {
            view.close();
        }
    }

    private static ChromeDriver chromium() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing = "the browser test needs Debian's chromium and chromium-driver"
                + " (apt-get install chromium chromium-driver; .ci/run installs them)";
        // Under CI it must run (.ci/run installed them); elsewhere it is skipped until they are installed.
        assumeTrue(installed || "true".equalsIgnoreCase(System.getenv("CI")), missing);
        assertTrue(installed, missing);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--user-data-dir=" + dir.resolve("chromium-profile-" + System.nanoTime()));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    private static void arrive(ChromeDriver driver, ExpectedCondition<Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(condition);
    }

    private static void screenshot(ChromeDriver driver, String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    private static boolean loaded(ChromeDriver driver, WebElement image) {
        Object width = ((JavascriptExecutor) driver).executeScript(
                "return arguments[0].complete ? arguments[0].naturalWidth : 0;", image);
        return ((Number) width).intValue() > 0;
    }

    @Test
    void galleryEntryClustersAndPromotionInARealBrowser() throws Exception {
        ChromeDriver driver = chromium();
        try {
            driver.get(base + "/");
            assertEquals("Gallery · equilibria", driver.getTitle());
            List<WebElement> cards = driver.findElements(By.cssSelector("#gallery .card"));
            assertEquals(31, cards.size());
            assertEquals(entries.get(29).id(), cards.get(0).getAttribute("data-id"), "best novelty first");
            screenshot(driver, "gallery");

            driver.get(base + "/?sort=stability&order=asc&status=evaluated");
            assertEquals(entries.get(0).id(), driver.findElements(By.cssSelector("#gallery .card")).get(0)
                    .getAttribute("data-id"));
            driver.get(base + "/?verdict=alive");
            assertEquals(31, driver.findElements(By.cssSelector("#gallery .card")).size());
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.name("verdict"))).selectByValue("noise");
            driver.findElement(By.cssSelector("form.filters button")).click();
            arrive(driver, ExpectedConditions.urlContains("verdict=noise"));
            assertEquals(0, driver.findElements(By.cssSelector("#gallery .card")).size(), "no entry was judged noise");

            Entry chosen = entries.get(20);
            driver.get(base + "/");
            driver.findElement(By.cssSelector(".card[data-id='" + chosen.id() + "'] a")).click();
            // click() may return before the next page has loaded: wait for it before looking.
            arrive(driver, ExpectedConditions.urlContains("/entry/" + chosen.id()));
            assertTrue(driver.getCurrentUrl().endsWith("/entry/" + chosen.id()), driver.getCurrentUrl());
            for (WebElement image : driver.findElements(By.cssSelector(".sheets img, .charts img"))) {
                assertTrue(loaded(driver, image), "image " + image.getAttribute("src") + " did not load");
            }
            assertEquals(5, driver.findElements(By.cssSelector(".charts img")).size(), "losses, gradients, variance, drift, magnitude");
            String page = driver.getPageSource();
            assertTrue(page.contains(entries.get(18).id()), "its parent is linked");
            assertTrue(page.contains(entries.get(22).id()), "its child is linked");
            screenshot(driver, "entry");

            driver.findElement(By.cssSelector("#promote button")).click();
            arrive(driver, ExpectedConditions.titleContains("Promote"));
            assertTrue(driver.getTitle().startsWith("Promote " + chosen.id()), driver.getTitle());
            assertEquals(Status.EVALUATED, view.entry(chosen.id()).orElseThrow().status(), "nothing before confirming");
            screenshot(driver, "confirm");
            driver.findElement(By.cssSelector("#confirm button")).click();
            arrive(driver, ExpectedConditions.urlContains("promoted=1"));
            assertTrue(driver.findElement(By.cssSelector(".notice")).getText().startsWith("Promoted"));
            assertEquals("promoted", driver.findElement(By.cssSelector("h1 .status")).getText());
            assertEquals(Status.PROMOTED, view.entry(chosen.id()).orElseThrow().status());
            screenshot(driver, "promoted");

            driver.get(base + "/clusters");
            assertEquals(31, driver.findElements(By.cssSelector("svg.scatter circle")).size());
            assertEquals(3, driver.findElements(By.cssSelector("h2")).size(), "one section per cluster");
            screenshot(driver, "clusters");
            driver.get(base + "/clusters/1/canvas.png");
            WebElement canvas = driver.findElement(By.tagName("img"));
            assertTrue(loaded(driver, canvas), "the canvas of cluster 1");
            driver.get(base + "/clusters");
            driver.findElement(By.cssSelector("h2 a")).click();
            arrive(driver, ExpectedConditions.urlContains("cluster="));
            assertTrue(driver.getCurrentUrl().contains("cluster=0"), driver.getCurrentUrl());
            int inCluster = view.clustering().orElseThrow().members().get(0).size();
            assertEquals(inCluster, driver.findElements(By.cssSelector("#gallery .card")).size());

            driver.get(base + "/pareto");
            assertEquals(30, driver.findElements(By.cssSelector("svg.scatter circle")).size() - 1);
            screenshot(driver, "pareto");
            // A search training on workers: the coordinator's status file beside the archive.
            Files.writeString(Path.of(file + ".workers.json"), """
                    {"updated":"%s","coordinator":"10.0.0.5:5701","pid":%d,"workers":[
                     {"name":"gpu-box-1","device":"gpu:0","host":"gpu-box","state":"training","task":"%s",
                      "since":"%s","done":12,"secondsPerIndividual":30.0},
                     {"name":"gpu-box-2","device":"gpu:1","host":"gpu-box","state":"idle","task":null,
                      "since":"%s","done":11,"secondsPerIndividual":36.0}],"refused":[]}
                    """.formatted(java.time.Instant.now(), ProcessHandle.current().pid(), "f".repeat(16),
                    java.time.Instant.now(), java.time.Instant.now()));
            driver.get(base + "/live");
            assertTrue(driver.getPageSource().contains("search-1"));
            List<WebElement> rows = driver.findElements(By.cssSelector("#workers tr"));
            assertEquals(3, rows.size(), "a header and one row per worker");
            assertTrue(rows.get(1).getText().contains("gpu-box-1") && rows.get(1).getText().contains("gpu:0")
                    && rows.get(1).getText().contains("training") && rows.get(1).getText().contains("ffffffff"),
                    rows.get(1).getText());
            assertTrue(driver.getPageSource().contains("220 individuals per hour"), "120 + 100 per hour");
            screenshot(driver, "live");
        } finally {
            driver.quit();
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static HttpResponse<String> post(String path, String form) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void everythingFromTheArchiveIsEscaped() throws Exception {
        for (String path : List.of("/entry/" + hostile.id(), "/?status=failed", "/live", "/pareto")) {
            HttpResponse<String> r = get(path);
            assertEquals(200, r.statusCode(), path);
            assertFalse(r.body().contains("<script>alert"), path + " lets a script through");
            assertFalse(r.body().contains("<img src=x"), path + " lets markup through");
        }
        assertTrue(get("/entry/" + hostile.id()).body().contains("&lt;script&gt;alert("));
    }

    @Test
    void badRequestsGetClearPagesAndChangeNothing() throws Exception {
        Map<String, Integer> expected = new java.util.LinkedHashMap<>();
        expected.put("/blob/..%2F..%2Fb.db", 400);
        expected.put("/blob/%2e%2e", 400);
        expected.put("/blob/" + "0".repeat(64) + ".png", 404);
        expected.put("/thumb/..%2Fb.db/a", 400);
        expected.put("/thumb/" + entries.get(0).id() + "/c", 400);
        expected.put("/entry/zz!", 400);
        expected.put("/entry/0000000000000000", 404);
        expected.put("/entry/" + entries.get(0).id() + "/chart/secrets.png", 404);
        expected.put("/?sort=bogus", 400);
        expected.put("/?page=0", 400);
        expected.put("/?status=%3Cb%3E", 400);
        expected.put("/?verdict=dead", 400);
        expected.put("/nowhere", 404);
        expected.put("/clusters/7/canvas.png", 404);
        expected.put("/clusters/x/canvas.png", 400);
        for (var e : expected.entrySet()) {
            HttpResponse<String> r = get(e.getKey());
            assertEquals(e.getValue(), r.statusCode(), e.getKey() + ": " + r.body());
            assertTrue(r.body().contains("<h1>" + e.getValue() + " "), e.getKey() + " has no error page: " + r.body());
            assertFalse(r.body().contains("<b>"), e.getKey() + " echoes markup");
        }
        Entry target = entries.get(3);
        assertEquals(403, post("/entry/" + target.id() + "/promote", "confirm=yes").statusCode());
        assertEquals(403, post("/entry/" + target.id() + "/promote", "confirm=yes&token=guess").statusCode());
        assertTrue(get("/entry/" + target.id() + "/promote").statusCode() >= 400, "no change by GET");
        assertEquals(Status.EVALUATED, view.entry(target.id()).orElseThrow().status());
        String token = get("/entry/" + target.id()).body().replaceAll("(?s).*name=\"token\" value=\"([0-9a-f]+)\".*", "$1");
        assertEquals(409, post("/entry/" + hostile.id() + "/promote", "confirm=yes&token=" + token).statusCode(),
                "a failed entry cannot be promoted");
    }

    /** A raw request (HttpClient will not forge a Host header): the status code and the body. */
    private static String[] raw(String method, String path, String host, String form) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            String request = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + (form == null ? "" : "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                            + form.length() + "\r\n") + "\r\n" + (form == null ? "" : form);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new String[] {response.split(" ", 3)[1], response};
        }
    }

    @Test
    void aForgedHostGetsNothingAndChangesNothing() throws Exception {
        Entry target = entries.get(4);
        String page = "/entry/" + target.id();
        for (String host : List.of("evil.example:" + server.port(), "evil.example", "127.0.0.1.evil.example",
                "attacker.localhost.example:80")) {
            String[] r = raw("GET", page, host, null);
            assertEquals("403", r[0], host + " read the entry page");
            assertFalse(r[1].contains("name=\"token\""), host + " got a token");
            assertEquals("403", raw("GET", "/", host, null)[0], host + " read the gallery");
        }
        String token = get(page).body().replaceAll("(?s).*name=\"token\" value=\"([0-9a-f]+)\".*", "$1");
        assertEquals("403", raw("POST", page + "/promote", "evil.example", "confirm=yes&token=" + token)[0]);
        assertEquals(Status.EVALUATED, view.entry(target.id()).orElseThrow().status(), "nothing was promoted");
        for (String host : List.of("127.0.0.1:" + server.port(), "localhost:" + server.port(), "[::1]:" + server.port())) {
            assertEquals("200", raw("GET", page, host, null)[0], host);
        }
    }

    @Test
    void ratingWithKeysOnTheEntryPageAndButtonsInTheGallery() throws Exception {
        Entry first = entries.get(12);
        ChromeDriver driver = chromium();
        try {
            driver.get(base + "/entry/" + first.id());
            String second = driver.findElement(By.id("next-entry")).getAttribute("href").replaceAll(".*/entry/", "");
            screenshot(driver, "entry-rating");
            org.openqa.selenium.support.ui.ExpectedCondition<Boolean> loaded = d -> "complete".equals(
                    ((JavascriptExecutor) d).executeScript("return document.readyState"));
            driver.findElement(By.tagName("body")).sendKeys("4"); // look, press, next
            arrive(driver, ExpectedConditions.urlContains("/entry/" + second));
            arrive(driver, loaded); // the next page's keys are listened to once it has loaded
            assertEquals(4, view.entry(first.id()).orElseThrow().rating().stars());
            driver.findElement(By.tagName("body")).sendKeys("x");
            arrive(driver, ExpectedConditions.not(ExpectedConditions.urlContains("/entry/" + second)));
            assertTrue(view.entry(second).orElseThrow().rating().rejected(), "x rejects");

            Entry liked = entries.get(7);
            driver.get(base + "/?sort=created");
            By heart = By.cssSelector(".card[data-id='" + liked.id() + "'] form.rate button.fav");
            WebElement before = driver.findElement(heart);
            before.click();
            arrive(driver, ExpectedConditions.stalenessOf(before)); // the page was replaced
            arrive(driver, ExpectedConditions.refreshed(ExpectedConditions.attributeContains(heart, "class", "on")));
            assertTrue(driver.getCurrentUrl().endsWith("/?sort=created"), "back to the same gallery page");
            assertTrue(view.entry(liked.id()).orElseThrow().rating().favourite());
            screenshot(driver, "gallery-rating");

            driver.get(base + "/?rating=favourite");
            assertEquals(List.of(liked.id()), driver.findElements(By.cssSelector("#gallery .card")).stream()
                    .map(c -> c.getAttribute("data-id")).toList());
            driver.get(base + "/?sort=rating");
            List<String> byRating = driver.findElements(By.cssSelector("#gallery .card")).stream()
                    .map(c -> c.getAttribute("data-id")).toList();
            assertEquals(List.of(first.id(), liked.id()), byRating.subList(0, 2), "4 stars, then a favourite (2.5)");
        } finally {
            driver.quit();
        }
        String token = get("/entry/" + first.id()).body().replaceAll("(?s).*name=\"token\" value=\"([0-9a-f]+)\".*", "$1");
        assertEquals(400, post("/entry/" + first.id() + "/rate", "do=stars:6&token=" + token).statusCode());
        assertEquals(400, post("/entry/" + first.id() + "/rate", "do=adore&token=" + token).statusCode());
        assertEquals(403, post("/entry/" + first.id() + "/rate", "do=stars:1").statusCode());
        assertEquals(4, view.entry(first.id()).orElseThrow().rating().stars(), "bad ratings change nothing");
        assertEquals(409, post("/entry/" + hostile.id() + "/rate", "do=stars:5&token=" + token).statusCode(),
                "a failed entry cannot be rated");
        assertEquals(null, view.entry(hostile.id()).orElseThrow().rating());
        HttpResponse<String> away = post("/entry/" + first.id() + "/rate", "do=stars:3&back=//evil.example/&token=" + token);
        assertEquals(303, away.statusCode());
        assertEquals("/entry/" + first.id(), away.headers().firstValue("Location").orElseThrow(), "no redirect elsewhere");
    }

    @Test
    void lineageTreeAndBreedingFromCheckedFindsInARealBrowser() throws Exception {
        Entry middle = entries.get(10); // parents: 8, 6, 4, 2, 0 up; children: 12, 14, ... down
        ChromeDriver driver = chromium();
        try {
            driver.get(base + "/entry/" + middle.id());
            driver.findElement(By.id("lineage-link")).click();
            arrive(driver, ExpectedConditions.urlContains("/lineage"));
            List<WebElement> nodes = driver.findElements(By.cssSelector("svg.lineage a"));
            assertEquals(1 + 5 + 4, nodes.size(), "itself, five ancestors, four generations of descendants");
            assertEquals(1, driver.findElements(By.cssSelector("svg.lineage rect.self")).size());
            assertEquals(9, driver.findElements(By.cssSelector("svg.lineage line")).size(), "an edge per parent");
            for (WebElement image : driver.findElements(By.cssSelector("svg.lineage image"))) {
                Object ok = ((JavascriptExecutor) driver).executeScript(
                        "return arguments[0].getBBox().width > 0;", image);
                assertEquals(Boolean.TRUE, ok);
            }
            screenshot(driver, "lineage");
            driver.get(base + "/entry/" + entries.get(0).id() + "/lineage");
            assertEquals(1 + 4, driver.findElements(By.cssSelector("svg.lineage a")).size(), "no ancestors");

            driver.get(base + "/?sort=created&order=asc");
            for (Entry e : List.of(entries.get(3), entries.get(5))) {
                driver.findElement(By.cssSelector(".card[data-id='" + e.id() + "'] input[name=id]")).click();
            }
            driver.findElement(By.cssSelector("#breed button")).click();
            arrive(driver, ExpectedConditions.urlContains("/breed"));
            String command = driver.findElement(By.id("command")).getText();
            assertTrue(command.startsWith("./equilibria evolve --from " + entries.get(3).id() + "," + entries.get(5).id()
                    + " --run bred-"), command);
            screenshot(driver, "breed");
        } finally {
            driver.quit();
        }
        assertEquals(400, get("/breed").statusCode(), "nothing checked");
    }

    @Test
    void theComparePageStoresWhichOfFourIsBest() throws Exception {
        int before = view.comparisons().size();
        ChromeDriver driver = chromium();
        try {
            driver.get(base + "/compare");
            List<WebElement> cards = driver.findElements(By.cssSelector("#compare .card"));
            assertEquals(4, cards.size());
            List<String> shown = cards.stream().map(c -> c.getAttribute("data-id")).toList();
            assertEquals(4, new java.util.HashSet<>(shown).size(), "four different finds");
            screenshot(driver, "compare");
            cards.get(1).findElement(By.tagName("button")).click();
            arrive(driver, ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), (before + 1) + " answered"));
            io.equilibria.archive.Comparison stored = view.comparisons().getLast();
            assertEquals(shown, stored.shown());
            assertEquals(shown.get(1), stored.chosen());
            assertFalse(stored.worst());
        } finally {
            driver.quit();
        }
        String token = get("/compare").body().replaceAll("(?s).*name=\"token\" value=\"([0-9a-f]+)\".*", "$1");
        assertEquals(403, post("/compare", "shown=" + entries.get(1).id() + "," + entries.get(2).id() + "&chosen="
                + entries.get(1).id()).statusCode(), "no token");
        assertEquals(409, post("/compare", "shown=" + entries.get(1).id() + "&chosen=" + entries.get(1).id() + "&token="
                + token).statusCode(), "one find is no comparison");
        assertEquals(409, post("/compare", "shown=" + entries.get(1).id() + "," + hostile.id() + "&chosen="
                + hostile.id() + "&token=" + token).statusCode(), "a failed find cannot be compared");
        assertEquals(before + 1, view.comparisons().size(), "bad answers store nothing");
    }

    @Test
    void theMapShowsEachCellsBestFindOverTwoChosenFeatures() throws Exception {
        ChromeDriver driver = chromium();
        try {
            driver.get(base + "/map?x=colourfulness&y=edge_density");
            List<WebElement> filled = driver.findElements(By.cssSelector("#map td a"));
            List<WebElement> empty = driver.findElements(By.cssSelector("#map td .empty"));
            assertEquals(100, filled.size() + empty.size(), "a 10 x 10 grid");
            assertTrue(filled.size() >= 2 && filled.size() <= 7, "colourfulness takes 7 values: " + filled.size());
            assertTrue(driver.findElement(By.tagName("h1")).getText().contains(filled.size() + " of 100 cells filled"));
            screenshot(driver, "map");
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.name("y"))).selectByValue("spectral_slope");
            driver.findElement(By.cssSelector("form.filters button")).click();
            arrive(driver, ExpectedConditions.urlContains("y=spectral_slope"));
            assertEquals(100, driver.findElements(By.cssSelector("#map td")).size());
        } finally {
            driver.quit();
        }
        assertEquals(400, get("/map?x=nothing").statusCode());
        assertEquals(400, get("/map?by=taste").statusCode());
    }
}
