package tech.tradeos.execution.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.config.ConfigException;
import tech.tradeos.execution.model.config.TradeosConfig;

/**
 * What may change state through an ops server: no cross-site page (foreign Origin, or a body that is not
 * JSON — what a page sends without a preflight), only the admin token when one is set; every answer carries
 * nosniff and a restrictive CSP; slow clients are cut off.
 */
class OpsInstructionAccessTest {
    private static final String TOKEN = "read-token-0123456789";
    private static final String ADMIN = "admin-token-0123456789";
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger instructed = new AtomicInteger();

    private OpsHttp serve(OpsAccess access) throws Exception {
        OpsHttp http = new OpsHttp("test", "127.0.0.1", 0, 2)
                .get("/health", r -> OpsHttp.Reply.json(200, Map.of("ok", true)))
                .get("/positions", r -> OpsHttp.Reply.json(200, List.of()))
                .post("/control", r -> {
                    instructed.incrementAndGet();
                    return OpsHttp.Reply.json(202, Map.of("accepted", true));
                })
                .postRead("/quote", r -> OpsHttp.Reply.json(200, Map.of("what-if", true)))
                .access(access);
        http.start();
        return http;
    }

    private static TradeosConfig.Http http(String token, String admin) {
        return new TradeosConfig.Http("127.0.0.1", 7070, "127.0.0.1", token, "", List.of(), admin, "", List.of());
    }

    private HttpResponse<String> post(OpsHttp http, String path, String contentType, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"RESUME\",\"by\":\"x\",\"reason\":\"y\"}"));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCrossSiteSimpleRequestIsRefusedAndRunsNothing() throws Exception {
        try (OpsHttp http = serve(OpsAccess.from(http("", ""), 7070))) {
            // fetch(..., {method: 'POST', mode: 'no-cors', body}) from another site: text/plain, the page's Origin
            HttpResponse<String> crossSite = post(http, "/control", "text/plain;charset=UTF-8", Map.of("Origin", "http://evil.example"));
            assertThat(crossSite.statusCode()).isEqualTo(403);
            assertThat(crossSite.body()).startsWith("{\"error\":");
            // a foreign origin with a JSON body (it never passes the preflight, but a broken browser could send it)
            assertThat(post(http, "/control", "application/json", Map.of("Origin", "http://evil.example")).statusCode()).isEqualTo(403);
            assertThat(post(http, "/control", "application/json", Map.of("Origin", "null")).statusCode()).isEqualTo(403);
            // a form post, or no type at all, even without an Origin
            assertThat(post(http, "/control", "application/x-www-form-urlencoded", Map.of()).statusCode()).isEqualTo(403);
            assertThat(post(http, "/control", null, Map.of()).statusCode()).isEqualTo(403);
            assertThat(post(http, "/quote", "text/plain", Map.of()).statusCode()).as("a what-if POST too").isEqualTo(403);
            assertThat(instructed).as("no refused request reached the handler").hasValue(0);

            assertThat(post(http, "/control", "application/json; charset=utf-8", Map.of()).statusCode()).isEqualTo(202);
            assertThat(post(http, "/control", "application/json", Map.of("Origin", "http://127.0.0.1:7070")).statusCode())
                    .as("the dashboard's own origin").isEqualTo(202);
            assertThat(instructed).hasValue(2);
        }
    }

    @Test
    void theAdminTokenAloneInstructsAndBothRead() throws Exception {
        try (OpsHttp http = serve(OpsAccess.from(http(TOKEN, ADMIN), 7070))) {
            Map<String, String> reader = Map.of("Authorization", "Bearer " + TOKEN);
            Map<String, String> admin = Map.of("Authorization", "Bearer " + ADMIN);
            assertThat(get(http, "/positions", reader).statusCode()).isEqualTo(200);
            assertThat(get(http, "/positions", admin).statusCode()).isEqualTo(200);
            HttpResponse<String> refused = post(http, "/control", "application/json", reader);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("admin token").doesNotContain(ADMIN).doesNotContain(TOKEN);
            assertThat(post(http, "/control", "application/json", Map.of()).statusCode()).isEqualTo(401);
            assertThat(instructed).hasValue(0);
            assertThat(post(http, "/control", "application/json", admin).statusCode()).isEqualTo(202);
            assertThat(post(http, "/quote", "application/json", reader).statusCode()).as("a what-if is a read").isEqualTo(200);
            assertThat(instructed).hasValue(1);
        }
    }

    @Test
    void withoutAnAdminTokenTheOpsTokenInstructsAndTheTwoMustDiffer() throws Exception {
        try (OpsHttp http = serve(OpsAccess.from(http(TOKEN, ""), 7070))) {
            assertThat(post(http, "/control", "application/json", Map.of("Authorization", "Bearer " + TOKEN)).statusCode()).isEqualTo(202);
            assertThat(post(http, "/control", "application/json", Map.of("Authorization", "Bearer x" + TOKEN)).statusCode()).isEqualTo(401);
        }
        assertThatThrownBy(() -> OpsAccess.from(http(TOKEN, TOKEN), 7070)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> OpsAccess.from(http(TOKEN, "short"), 7070)).hasMessageContaining("at least 16");
        // on loopback with only an admin token, reads stay open and instructions need it
        try (OpsHttp http = serve(OpsAccess.from(http("", ADMIN), 7070))) {
            assertThat(get(http, "/positions", Map.of()).statusCode()).isEqualTo(200);
            assertThat(post(http, "/control", "application/json", Map.of()).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void everyAnswerForbidsSniffingFramingAndLoadingAnything() throws Exception {
        try (OpsHttp http = serve(OpsAccess.local())) {
            for (String path : List.of("/health", "/nope")) {
                HttpResponse<String> r = get(http, path, Map.of());
                assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
                assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'")
                        .contains("frame-ancestors 'none'");
            }
        }
    }

    @Test
    void clientsThatNeverFinishTheirRequestAreCutOffAndHealthStillAnswers() throws Exception {
        try (OpsHttp http = serve(OpsAccess.local())) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < OpsHttp.MIN_THREADS + 4; i++) {
                    Socket s = new Socket("127.0.0.1", http.port());
                    s.setSoTimeout((int) (OpsHttp.MAX_REQUEST_SECONDS + 10) * 1000);
                    s.getOutputStream().write("POST /control HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n"
                            .getBytes(StandardCharsets.US_ASCII)); // and never the rest
                    s.getOutputStream().flush();
                    slow.add(s);
                }
                Map<Integer, Integer> closed = new LinkedHashMap<>();
                for (int i = 0; i < slow.size(); i++) {
                    InputStream in = slow.get(i).getInputStream();
                    try {
                        closed.put(i, in.readAllBytes().length); // until the server closes (the soTimeout fails the test otherwise)
                    } catch (java.net.SocketException reset) {
                        closed.put(i, -1); // closed with a reset: cut off all the same
                    }
                }
                assertThat(closed).hasSize(slow.size());
                assertThat(get(http, "/health", Map.of()).statusCode()).isEqualTo(200);
                assertThat(instructed).hasValue(0);
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    private HttpResponse<String> get(OpsHttp http, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path));
        headers.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
