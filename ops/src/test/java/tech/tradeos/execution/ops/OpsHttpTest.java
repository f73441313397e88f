package tech.tradeos.execution.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ops HTTP layer on a real server: routing, the body limit, and errors that reveal nothing internal. */
class OpsHttpTest {
    private OpsHttp http;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        http = new OpsHttp("test", "127.0.0.1", 0, 2)
                .get("/health", r -> OpsHttp.Reply.json(200, Map.of("ok", true)))
                .get("/market/", r -> OpsHttp.Reply.json(200, Map.of("instrument", r.rest(), "limit", r.param("limit").orElse(""))))
                .post("/quote", r -> OpsHttp.Reply.json(200, Map.of("bytes", r.body().length)))
                .get("/boom", r -> {
                    throw new IllegalStateException("secret internal detail");
                })
                .get("/moving", r -> {
                    throw new UnsupportedOperationException("moving");
                })
                .errors(e -> e instanceof UnsupportedOperationException ? OpsHttp.Reply.error(503, "rebalancing") : null);
        http.start();
    }

    @AfterEach
    void stop() {
        http.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routesExactPathsAndPrefixesWithTheirDecodedRest() throws Exception {
        assertThat(get("/health").body()).isEqualTo("{\"ok\":true}");
        HttpResponse<String> market = get("/market/BTC%2DUSD?limit=5");
        assertThat(market.statusCode()).isEqualTo(200);
        assertThat(market.body()).contains("\"instrument\":\"BTC-USD\"").contains("\"limit\":\"5\"");
        assertThat(market.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        assertThat(get("/market/").statusCode()).as("a prefix needs a key").isEqualTo(404);
        assertThat(get("/quote").statusCode()).isEqualTo(405);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() throws Exception {
        assertThat(post("/quote", new byte[OpsHttp.MAX_BODY_BYTES]).body()).isEqualTo("{\"bytes\":" + OpsHttp.MAX_BODY_BYTES + "}");
        assertThat(post("/quote", new byte[OpsHttp.MAX_BODY_BYTES + 1]).statusCode()).isEqualTo(413);
    }

    @Test
    void aFailureIs500WithoutItsInternalTextAndMappedErrorsKeepTheirStatus() throws Exception {
        HttpResponse<String> boom = get("/boom");
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).doesNotContain("secret").doesNotContain("IllegalStateException");
        HttpResponse<String> moving = get("/moving");
        assertThat(moving.statusCode()).isEqualTo(503);
        assertThat(moving.headers().firstValue("Retry-After")).hasValue("1");
    }
}
