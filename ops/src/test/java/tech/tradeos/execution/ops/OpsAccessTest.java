package tech.tradeos.execution.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tradeos.execution.model.config.ConfigException;
import tech.tradeos.execution.model.config.TradeosConfig;

/** Who may call the ops endpoints: the token, the loopback Host check, the dashboard's origins. */
class OpsAccessTest {
    private static final String TOKEN = "s3cret-token-0123456789";
    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static TradeosConfig.Http http(String bind, String token, String tokenFile, List<String> origins) {
        return new TradeosConfig.Http(bind, 7070, "127.0.0.1", token, tokenFile, origins);
    }

    private OpsHttp serve(OpsAccess access) throws Exception {
        OpsHttp http = new OpsHttp("test", "127.0.0.1", 0, 2)
                .get("/health", r -> OpsHttp.Reply.json(200, Map.of("ok", true)))
                .get("/positions", r -> OpsHttp.Reply.json(200, List.of()))
                .access(access);
        http.start();
        return http;
    }

    private HttpResponse<String> get(OpsHttp http, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path));
        headers.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bindingBeyondLoopbackNeedsAToken() {
        assertThatThrownBy(() -> OpsAccess.from(http("0.0.0.0", "", "", List.of()), 7070))
                .isInstanceOf(ConfigException.class).hasMessageContaining("set http.token-file");
        assertThatThrownBy(() -> OpsAccess.from(http("0.0.0.0", "short", "", List.of()), 7070))
                .hasMessageContaining("at least 16 characters");
        assertThat(OpsAccess.from(http("0.0.0.0", TOKEN, "", List.of()), 7070).requiresToken()).isTrue();
        assertThat(OpsAccess.from(http("127.0.0.1", "", "", List.of()), 7070).requiresToken()).isFalse();
    }

    @Test
    void withATokenEveryEndpointButHealthNeedsIt() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        try (OpsHttp http = serve(OpsAccess.from(http("127.0.0.1", "", file.toString(), List.of()), 7070))) {
            assertThat(get(http, "/health", Map.of()).statusCode()).isEqualTo(200);
            HttpResponse<String> refused = get(http, "/positions", Map.of());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).doesNotContain(TOKEN);
            assertThat(get(http, "/positions", Map.of("Authorization", "Bearer wrong-token-0123456789")).statusCode()).isEqualTo(401);
            assertThat(get(http, "/positions", Map.of("Authorization", "Bearer " + TOKEN)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void onLoopbackARequestForAnotherHostIsRefused() throws Exception {
        try (OpsHttp http = serve(OpsAccess.local())) {
            assertThat(statusLine(http, "127.0.0.1:" + http.port())).contains(" 200 ");
            assertThat(statusLine(http, "localhost")).contains(" 200 ");
            // what a page on another site sends after DNS rebinding its own name to 127.0.0.1
            assertThat(statusLine(http, "evil.example:" + http.port())).contains(" 403 ");
        }
    }

    /** The status line of a raw GET /health with the given Host header (the JDK client will not send a foreign one). */
    private static String statusLine(OpsHttp http, String host) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", http.port())) {
            socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void browsersMayReadOnlyFromTheDashboardsOrigins() throws Exception {
        try (OpsHttp http = serve(OpsAccess.from(http("127.0.0.1", "", "", List.of()), 7070))) {
            HttpResponse<String> ours = get(http, "/positions", Map.of("Origin", "http://127.0.0.1:7070"));
            assertThat(ours.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://127.0.0.1:7070");
            HttpResponse<String> theirs = get(http, "/positions", Map.of("Origin", "http://evil.example"));
            assertThat(theirs.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }
}
