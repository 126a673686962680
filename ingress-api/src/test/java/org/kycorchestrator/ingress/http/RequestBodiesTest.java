package org.kycorchestrator.ingress.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kycorchestrator.ingress.IngressOnKafka.MY_KEY;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.ingress.IngressOnKafka;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;

/**
 * What the merchant routes take as a body: JSON only (415 otherwise), at most 1 MB (413), a UTF-8
 * JSON object (400 otherwise), and what Jetty refuses before Javalin sees it, all in our envelope.
 */
@ExtendWith(SharedKafka.class)
class RequestBodiesTest {

    private static final String VALID_REGISTRATION = "{\"externalId\":\"bodies-test\",\"profile\":{\"country\":\"GB\"}}";
    private static IngressOnKafka ingress;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start(final EmbeddedKafkaBroker broker) {
        ingress = IngressOnKafka.start(broker, Map.of());
    }

    @AfterAll
    static void stop() {
        ingress.close();
    }

    @ParameterizedTest(name = "{0} {1} as \"{2}\"")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            POST  | /v1/customers                           | text/plain
            POST  | /v1/customers                           | NONE
            POST  | /v1/customers                           | application/xml
            POST  | /v1/customers                           | application/jsonx
            POST  | /v1/customers                           | application/json-patch+json
            POST  | /v1/customers                           | multipart/form-data; boundary=x
            POST  | /v1/customers                           | application/x-www-form-urlencoded
            POST  | /v1/customers                           | application/json; charset=iso-8859-1
            PATCH | /v1/customers/unknown/profile           | text/plain
            POST  | /v1/customers/unknown/kyc/link          | text/plain
            POST  | /v1/customers/unknown/kyc/verification  | text/plain
            POST  | /v1/webhook-endpoints                   | text/plain
            PATCH | /v1/webhook-endpoints/ep_unknown        | text/plain
            POST  | /v1/webhook-endpoints/ep_unknown/replay | text/plain
            """)
    void aBodyThatIsNotJsonIsRefusedWith415(final String method, final String path, final String contentType) throws Exception {
        // given
        final HttpRequest.Builder request = HttpRequest.newBuilder(ingress.uri(path)).header("x-api-key", MY_KEY)
                .method(method, HttpRequest.BodyPublishers.ofString(VALID_REGISTRATION));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }

        // when
        final HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(error(answer.body()).path("code").asText()).isEqualTo("unsupported_media_type");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            application/json
            application/json; charset=utf-8
            Application/JSON;charset="UTF-8"
            """)
    void jsonIsTakenWhateverTheSpellingOfItsMediaType(final String contentType) throws Exception {
        // when
        final HttpResponse<String> answer = client.send(HttpRequest.newBuilder(ingress.uri("/v1/customers")).header("x-api-key", MY_KEY)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(VALID_REGISTRATION)).build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(answer.statusCode()).isEqualTo(202);
    }

    @ParameterizedTest(name = "\"{0}\" to the upload route: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            multipart/form-data; boundary=x | 404
            application/json                | 415
            text/plain                      | 415
            """)
    void theDocumentUploadTakesAFormRatherThanJson(final String contentType, final int status) throws Exception {
        // when a form, or JSON, is sent to the upload route of an unknown customer
        final HttpResponse<String> answer = client.send(HttpRequest.newBuilder(ingress.uri("/v1/customers/unknown/kyc/documents"))
                .header("x-api-key", MY_KEY).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString("--x\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nSELFIE\r\n--x--\r\n"))
                .build(), HttpResponse.BodyHandlers.ofString());

        // then a form gets as far as the customer, anything else is refused for its type
        assertThat(answer.statusCode()).isEqualTo(status);
        if (status == 415) {
            assertThat(error(answer.body()).path("message").asText()).contains("multipart/form-data");
        }
    }

    @Test
    void aCompressedBodyIsRefusedWith415() throws Exception {
        // when
        final HttpResponse<String> answer = client.send(HttpRequest.newBuilder(ingress.uri("/v1/customers")).header("x-api-key", MY_KEY)
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(VALID_REGISTRATION)).build(), HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(error(answer.body()).path("message").asText()).contains("Content-Encoding");
    }

    @Test
    void aBodyOverOneMegabyteIsRefusedWith413ByItsLengthAlone() throws Exception {
        // given a body one byte over the limit, announced by its Content-Length
        final byte[] body = jsonOfSize(RequestBodies.MAX_JSON_BYTES + 1);
        final String head = "POST /v1/customers HTTP/1.1\r\nHost: x\r\nx-api-key: " + MY_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";

        // when (a raw request: the JDK's client does not read an answer given before the body is sent)
        final RawHttp.Answer answer = RawHttp.send(ingress.uri("/"), head.getBytes(StandardCharsets.US_ASCII), body, 10_000);

        // then
        assertThat(answer.status()).isEqualTo(413);
        assertThat(error(answer.body()).path("code").asText()).isEqualTo("payload_too_large");
        assertThat(error(answer.body()).path("message").asText()).isEqualTo("the body must be at most 1048576 bytes (1 MB)");
    }

    @Test
    void aClientStillSendingABodyJustOverTheLimitReceivesThe413() throws Exception {
        // given a client that reads the answer only once it has sent the whole body
        final byte[] body = jsonOfSize(RequestBodies.MAX_JSON_BYTES + 500);

        // when
        final HttpResponse<String> answer = client.send(HttpRequest.newBuilder(ingress.uri("/v1/customers")).header("x-api-key", MY_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        // then the body was dropped rather than the connection reset under it
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(error(answer.body()).path("code").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void aHeadRequestIsRefusedWith405InsteadOfAnsweringForARouteThatDidNotRun() throws Exception {
        // when
        final HttpResponse<String> answer = client.send(HttpRequest.newBuilder(ingress.uri("/v1/customers/unknown/kyc"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(answer.statusCode()).isEqualTo(405);
    }

    @Test
    void aChunkedBodyOverOneMegabyteIsCutOffAndRefusedWith413() throws Exception {
        // given a body without Content-Length, so its size shows only while it is read
        final byte[] body = jsonOfSize(3 * RequestBodies.MAX_JSON_BYTES);

        // when
        final HttpResponse<String> answer = client.send(HttpRequest.newBuilder(ingress.uri("/v1/customers")).header("x-api-key", MY_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(error(answer.body()).path("code").asText()).isEqualTo("payload_too_large");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /v1/providers/acme/callbacks          | 404
            /v1/customers/unknown/kyc/verification | 404
            /nowhere                              | 404
            """)
    void aBodyTheRouteDoesNotReadStillGetsItsAnswer(final String path, final int status) throws Exception {
        // given a body just under the limit, sent in chunks, that the route answers without reading
        final byte[] body = jsonOfSize(RequestBodies.MAX_JSON_BYTES - 1);

        // when
        final HttpResponse<String> answer = client.send(HttpRequest.newBuilder(ingress.uri(path)).header("x-api-key", MY_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());

        // then the answer arrives, rather than a reset connection
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(error(answer.body()).path("code").asText()).isEqualTo("not_found");
    }

    @Test
    void aBodyOfExactlyOneMegabyteIsRead() throws Exception {
        // given a well-formed body of exactly the limit, whose externalId is far too long
        final byte[] body = jsonOfSize(RequestBodies.MAX_JSON_BYTES);

        // when
        final HttpResponse<String> answer = client.send(HttpRequest.newBuilder(ingress.uri("/v1/customers")).header("x-api-key", MY_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        // then it was parsed, and its field refused
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(error(answer.body()).path("message").asText()).isEqualTo("externalId must be at most 128 characters");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON at all                      | the body is not valid JSON (line 1, column
            {"externalId":"a"                    | the body is not valid JSON (line 1, column
            {"externalId":"a"} {"externalId":"b"} | the body is not valid JSON (line 1, column
            {"externalId":"a","externalId":"b"}  | the body is not valid JSON (line 1, column
            {'externalId':'a'}                   | the body is not valid JSON (line 1, column
            ["externalId"]                       | the body must be a JSON object
            "externalId"                         | the body must be a JSON object
            null                                 | the body must be a JSON object
            """)
    void aBodyThatIsNotOneJsonObjectIsRefusedWith400SayingWhere(final String body, final String problem) throws Exception {
        // when
        final HttpResponse<String> answer = ingress.send(MY_KEY, "POST", "/v1/customers", body);

        // then
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(error(answer.body()).path("message").asText()).startsWith(problem);
        assertThat(answer.body()).doesNotContain("externalId\\\":");
    }

    @Test
    void aBodyNestedDeeperThanThirtyTwoLevelsIsRefusedBeforeItIsBuilt() throws Exception {
        // given 1,000 levels
        final String deep = "{\"externalId\":\"e\",\"profile\":" + "[".repeat(1000) + "]".repeat(1000) + "}";

        // when
        final HttpResponse<String> answer = ingress.send(MY_KEY, "POST", "/v1/customers", deep);

        // then
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(error(answer.body()).path("message").asText()).isEqualTo("the body is nested deeper than 32 levels");
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedWith400() throws Exception {
        // given a lone continuation byte inside a string
        final byte[] body = "{\"externalId\":\"a?b\"}".getBytes(StandardCharsets.US_ASCII);
        body[16] = (byte) 0x80;

        // when
        final HttpResponse<String> answer = client.send(HttpRequest.newBuilder(ingress.uri("/v1/customers")).header("x-api-key", MY_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(error(answer.body()).path("message").asText()).isEqualTo("the body is not valid UTF-8");
    }

    @Test
    void aRequiredBodyThatIsMissingIsRefusedWith400() throws Exception {
        // when
        final HttpResponse<String> answer = client.send(HttpRequest.newBuilder(ingress.uri("/v1/customers")).header("x-api-key", MY_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(error(answer.body()).path("message").asText()).isEqualTo("a JSON object body is required");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a 20 KB header           | 431 | request_header_fields_too_large
            a 20 KB path             | 414 | uri_too_long
            a malformed request line | 400 | bad_request
            an invalid byte in path  | 400 | bad_request
            a Content-Length of junk | 400 | bad_request
            """)
    void whatJettyRefusesItselfIsAnsweredInTheEnvelope(final String what, final int status, final String code) throws Exception {
        // given
        final String head = switch (what) {
            case "a 20 KB header" -> "GET /v1/customers/x/kyc HTTP/1.1\r\nHost: x\r\nx-api-key: " + "k".repeat(20_000) + "\r\n\r\n";
            case "a 20 KB path" -> "GET /v1/customers/" + "x".repeat(20_000) + "/kyc HTTP/1.1\r\nHost: x\r\n\r\n";
            case "a malformed request line" -> "GET\u0001 / HTTP/1.1\r\nHost: x\r\n\r\n";
            case "an invalid byte in path" -> "GET /v1/customers/%C3%28/kyc HTTP/1.1\r\nHost: x\r\n\r\n";
            default -> "POST /v1/customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1x\r\n\r\n";
        };

        // when
        final RawHttp.Answer answer = RawHttp.send(ingress.uri("/"), head.getBytes(StandardCharsets.ISO_8859_1), new byte[0], 10_000);

        // then
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.headers()).contains("content-type: application/json");
        assertThat(error(answer.body()).path("code").asText()).isEqualTo(code);
    }

    private static JsonNode error(final String body) throws Exception {
        final JsonNode envelope = Envelope.JSON.readTree(body);
        assertThat(envelope.path("success").asBoolean(true)).isFalse();
        return envelope.path("errors").path(0);
    }

    /** A registration whose externalId pads it to exactly {@code size} bytes. */
    private static byte[] jsonOfSize(final long size) {
        final byte[] prefix = "{\"externalId\":\"".getBytes(StandardCharsets.US_ASCII);
        final byte[] suffix = "\"}".getBytes(StandardCharsets.US_ASCII);
        final byte[] body = new byte[(int) size];
        Arrays.fill(body, (byte) 'x');
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(suffix, 0, body, body.length - suffix.length, suffix.length);
        return body;
    }
}
