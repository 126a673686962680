package org.kycorchestrator.ingress.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kycorchestrator.ingress.IngressOnKafka.TOPICS;
import static org.kycorchestrator.ingress.IngressOnKafka.data;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kycorchestrator.blobs.FileSystemBlobStore;
import org.kycorchestrator.ingress.IngressOnKafka;
import org.kycorchestrator.ingress.cases.CaseReader;
import org.kycorchestrator.ingress.http.Envelope;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;
import org.kycorchestrator.schemas.DocumentRef;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.commands.AddDocument;
import org.kycorchestrator.schemas.commands.KycCaseView;
import org.kycorchestrator.schemas.commands.KycCommand;

/**
 * {@code POST /v1/customers/{id}/kyc/documents} on a real broker: a JPG, PNG or PDF of at most
 * 10 MB, told by its content, is stored in the blob store and only its reference is published;
 * anything else is refused in the envelope, and then nothing is stored or published.
 */
@ExtendWith(SharedKafka.class)
class DocumentUploadRouteTest {

    private static final String KEY = "documents-key";
    private static final String OTHER_KEY = "documents-other-key";
    private static final byte[] JPG = file("ffd8ffe000104a46494600", 2_000);
    private static final byte[] PNG = file("89504e470d0a1a0a0000000d49484452", 3_000);
    private static final byte[] PDF = file("255044462d312e370a25", 4_000);
    private static final AtomicInteger CUSTOMERS = new AtomicInteger();
    private static final AtomicInteger FRESH = new AtomicInteger();

    @TempDir
    static Path dataDir;

    private static String prefix;
    private static Tenant tenant;
    private static IngressOnKafka ingress;
    private static FileSystemBlobStore blobs;

    @BeforeAll
    static void start(final EmbeddedKafkaBroker broker) {
        prefix = "doc-" + UUID.randomUUID() + "-";
        tenant = new Tenant("documents-" + UUID.randomUUID());
        final Tenant other = new Tenant("documents-other-" + UUID.randomUUID());
        // The orchestrator's store, as far as this test needs it: every customer under the prefix is the tenant's.
        final CaseReader store = customerId -> customerId.startsWith(prefix) ? new CaseReader.Found(caseOf(customerId))
                : new CaseReader.NotFound();
        ingress = IngressOnKafka.start(broker, Map.of("KYC_DATA_DIR", dataDir.toString()),
                new Tenants(Map.of(Tenants.sha256(KEY), tenant, Tenants.sha256(OTHER_KEY), other)), store);
        blobs = new FileSystemBlobStore(dataDir.resolve("blobs"));
    }

    @AfterAll
    static void stop() {
        ingress.close();
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("a selfie as JPG", new Multipart().field("type", "SELFIE").file("file", "me.jpg", "image/jpeg", JPG), JPG, "SELFIE", null),
                Arguments.of("an ID card's front as PNG, kind and side in any case",
                        new Multipart().field("type", "id_card").field("side", "Front").file("file", "id.png", "image/png", PNG), PNG, "ID_CARD", "FRONT"),
                Arguments.of("a utility bill as PDF", new Multipart().field("type", "UTILITY_BILL").file("file", "bill.pdf", "application/pdf", PDF),
                        PDF, "UTILITY_BILL", null),
                Arguments.of("a PDF sent with a misleading name and type",
                        new Multipart().field("type", "PASSPORT").file("file", "passport.exe", "application/octet-stream", PDF), PDF, "PASSPORT", null),
                Arguments.of("a residence permit as one file, without a side",
                        new Multipart().field("type", "RESIDENCE_PERMIT").file("file", "permit.jpg", "image/jpeg", JPG), JPG, "RESIDENCE_PERMIT", null),
                Arguments.of("a file of exactly 10 MB", new Multipart().field("type", "DRIVERS").field("side", "back")
                        .file("file", "licence.jpg", "image/jpeg", file("ffd8ffe1", (int) DocumentUploads.MAX_FILE_BYTES)),
                        file("ffd8ffe1", (int) DocumentUploads.MAX_FILE_BYTES), "DRIVERS", "BACK"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void aDocumentIsStoredByItsContentAndOnlyItsReferenceIsPublished(final String title, final Multipart form, final byte[] content,
                                                                      final String docType, final String side) throws Exception {
        // given a customer of the tenant
        final String customer = newCustomer();

        // when the merchant uploads the document
        final HttpResponse<String> answer = upload(KEY, customer, form.bytes());

        // then the command is accepted like any other
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(data(answer).path("customerId").asText()).isEqualTo(customer);
        final String commandId = data(answer).path("commandId").asText();
        // and the file is in the blob store under its SHA-256, byte for byte
        final String sha256 = sha256(content);
        try (InputStream stored = blobs.get(sha256).orElseThrow()) {
            assertThat(Arrays.equals(stored.readAllBytes(), content)).isTrue();
        }
        // and the command carries the document's id, kind, side, SHA-256 and size, and not the file
        final KycCommand command = commandsOf(customer).stream().filter(c -> c.getCommandId().equals(commandId)).findFirst().orElseThrow();
        final DocumentRef document = ((AddDocument) command.getPayload()).getDocument();
        assertThat(document.getDocType()).isEqualTo(docType);
        assertThat(document.getSide()).isEqualTo(side);
        assertThat(document.getSha256()).isEqualTo(sha256);
        assertThat(document.getSize()).isEqualTo(content.length);
        assertThat(document.getDocumentId()).isNotBlank();
        assertThat(command.getTenantId()).isEqualTo(tenant.id());
    }

    static Stream<Arguments> refused() {
        // Files of their own, so that a refused one is surely not in the store for another reason.
        final byte[] exe = fresh("4d5a9000");
        final byte[] gif = fresh("4749463839");
        final byte[] jpg = fresh("ffd8ffe0");
        final byte[] pdf = fresh("255044462d");
        return Stream.of(
                Arguments.of("a Windows program renamed .jpg and declared image/jpeg",
                        new Multipart().field("type", "SELFIE").file("file", "selfie.jpg", "image/jpeg", exe), exe,
                        415, List.of("unsupported_media_type:file must be a JPG, PNG or PDF")),
                Arguments.of("a GIF declared as PNG", new Multipart().field("type", "SELFIE").file("file", "selfie.png", "image/png", gif), gif,
                        415, List.of("unsupported_media_type:file must be a JPG, PNG or PDF")),
                Arguments.of("no field at all", new Multipart(), null,
                        400, List.of("bad_request:type is required", "bad_request:file is required")),
                Arguments.of("a file without its kind", new Multipart().file("file", "a.jpg", "image/jpeg", jpg), jpg,
                        400, List.of("bad_request:type is required")),
                Arguments.of("a kind without a file", new Multipart().field("type", "SELFIE"), null,
                        400, List.of("bad_request:file is required")),
                Arguments.of("an empty file", new Multipart().field("type", "SELFIE").file("file", "a.jpg", "image/jpeg", new byte[0]), null,
                        400, List.of("bad_request:file must not be empty")),
                Arguments.of("an unknown kind", new Multipart().field("type", "BANK_STATEMENT").file("file", "a.pdf", "application/pdf", pdf), pdf,
                        400, List.of("bad_request:type must be one of DRIVERS, ID_CARD, PASSPORT, RESIDENCE_PERMIT, SELFIE, UTILITY_BILL")),
                Arguments.of("an ID card without its side", new Multipart().field("type", "ID_CARD").file("file", "a.jpg", "image/jpeg", jpg), jpg,
                        400, List.of("bad_request:side is required for ID_CARD")),
                Arguments.of("a passport with a side", new Multipart().field("type", "PASSPORT").field("side", "front")
                        .file("file", "a.jpg", "image/jpeg", jpg), jpg, 400, List.of("bad_request:side does not apply to PASSPORT")),
                Arguments.of("a side that is neither front nor back", new Multipart().field("type", "DRIVERS").field("side", "left")
                        .file("file", "a.jpg", "image/jpeg", jpg), jpg, 400, List.of("bad_request:side must be front or back")),
                Arguments.of("an unknown field and a kind given twice", new Multipart().field("type", "SELFIE").field("type", "PASSPORT")
                        .field("note", "hi").file("file", "a.jpg", "image/jpeg", jpg), jpg,
                        400, List.of("bad_request:type must be given once", "bad_request:note is not a known field")),
                Arguments.of("the kind sent as a file", new Multipart().file("type", "type.txt", "text/plain", "SELFIE".getBytes(StandardCharsets.UTF_8))
                        .file("file", "a.jpg", "image/jpeg", jpg), jpg, 400, List.of("bad_request:type must be a text field")),
                Arguments.of("a file one byte over 10 MB", new Multipart().field("type", "SELFIE")
                        .file("file", "big.jpg", "image/jpeg", file("ffd8ffe0", (int) DocumentUploads.MAX_FILE_BYTES + 1)),
                        file("ffd8ffe0", (int) DocumentUploads.MAX_FILE_BYTES + 1), 413, List.of("payload_too_large:file must be at most 10485760 bytes")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aBadUploadIsRefusedWithEveryProblemAndNothingIsStoredOrPublished(final String title, final Multipart form, final byte[] content,
                                                                          final int status, final List<String> problems) throws Exception {
        // given a customer of the tenant
        final String customer = newCustomer();

        // when the merchant uploads the form
        final HttpResponse<String> answer = upload(KEY, customer, form.bytes());

        // then the answer is the refusal, listing every problem with its code
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(problems(answer)).hasSize(problems.size());
        for (int i = 0; i < problems.size(); i++) {
            assertThat(problems(answer).get(i)).startsWith(problems.get(i));
        }
        // and the file was not stored, and no command was published
        if (content != null) {
            assertThat(blobs.exists(sha256(content))).isFalse();
        }
        assertThat(commandsOf(customer)).isEmpty();
    }

    @Test
    void aBodyAnnouncedAsLargerThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
        // given a customer, and a client that announces 20 MB but sends only the start of its form
        final String customer = newCustomer();
        final byte[] start = new Multipart().field("type", "SELFIE").file("file", "a.jpg", "image/jpeg", JPG).bytes();
        try (Socket socket = new Socket("localhost", ingress.port())) {
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/customers/" + customer + "/kyc/documents HTTP/1.1\r\nHost: localhost\r\nx-api-key: " + KEY
                    + "\r\nContent-Type: " + Multipart.CONTENT_TYPE + "\r\nContent-Length: " + 20 * 1024 * 1024 + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(start, 0, start.length / 2);
            out.flush();

            // when the server answers, without the rest of the body ever being sent
            final String answer = readResponse(socket.getInputStream());

            // then it is a 413 in the envelope, and nothing was published
            assertThat(answer).startsWith("HTTP/1.1 413").contains("\"code\":\"payload_too_large\"");
        }
        assertThat(commandsOf(customer)).isEmpty();
    }

    @Test
    void aChunkedBodyIsCutOffAtTheLimitWithoutALength() throws Exception {
        // given a customer and an upload 100 KB over the limit, sent in chunks without a Content-Length
        // (only a little over, so the client has sent nearly all of it when the server answers)
        final String customer = newCustomer();
        final byte[] body = new Multipart().field("type", "SELFIE")
                .file("file", "big.jpg", "image/jpeg", file("ffd8ffe0", (int) DocumentUploads.MAX_FILE_BYTES + 100_000)).bytes();

        // when it is uploaded
        final HttpResponse<String> answer = send(KEY, customer, Multipart.CONTENT_TYPE,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        // then it is a 413 in the envelope, and nothing was published
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(problems(answer)).singleElement().asString().startsWith("payload_too_large:");
        assertThat(commandsOf(customer)).isEmpty();
    }

    @Test
    void aBodyThatIsNotMultipartIsA415() throws Exception {
        final String customer = newCustomer();

        final HttpResponse<String> json = send(KEY, customer, "application/json",
                HttpRequest.BodyPublishers.ofString("{\"type\":\"SELFIE\",\"file\":\"/9j/4AAQ\"}"));
        final HttpResponse<String> image = send(KEY, customer, "image/jpeg", HttpRequest.BodyPublishers.ofByteArray(JPG));

        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(image.statusCode()).isEqualTo(415);
        assertThat(problems(json)).singleElement().asString().startsWith("unsupported_media_type:");
        assertThat(commandsOf(customer)).isEmpty();
    }

    @Test
    void aMultipartBodyThatIsCutShortOrHasNoBoundaryIsA400() throws Exception {
        final String customer = newCustomer();
        final byte[] whole = new Multipart().field("type", "SELFIE").file("file", "a.jpg", "image/jpeg", JPG).bytes();

        final HttpResponse<String> answer = upload(KEY, customer, Arrays.copyOf(whole, whole.length - 40));
        final HttpResponse<String> noBoundary = send(KEY, customer, "multipart/form-data", HttpRequest.BodyPublishers.ofByteArray(whole));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(problems(answer)).singleElement().asString().startsWith("bad_request:");
        assertThat(noBoundary.statusCode()).isEqualTo(400);
        assertThat(commandsOf(customer)).isEmpty();
    }

    @Test
    void anotherTenantsCustomerAndAnUnknownOneAreBoth404AndTheFileIsNotKept() throws Exception {
        // given the tenant's customer, and a file nobody uploaded yet
        final String customer = newCustomer();
        final byte[] selfie = file("ffd8ffe0", 5_000);
        final byte[] form = new Multipart().field("type", "SELFIE").file("file", "a.jpg", "image/jpeg", selfie).bytes();

        // when another tenant uploads it for that customer, and for a customer that does not exist
        final HttpResponse<String> foreign = upload(OTHER_KEY, customer, form);
        final HttpResponse<String> unknown = upload(KEY, UUID.randomUUID().toString(), form);

        // then both are a 404 not_found, and neither stored the file nor published anything
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(problems(foreign)).singleElement().asString().startsWith("not_found:");
        assertThat(blobs.exists(sha256(selfie))).isFalse();
        assertThat(commandsOf(customer)).isEmpty();
    }

    @Test
    void theSameFileForTheSameSlotIsTheSameDocument() throws Exception {
        final String customer = newCustomer();
        final byte[] form = new Multipart().field("type", "UTILITY_BILL").file("file", "bill.pdf", "application/pdf", PDF).bytes();

        assertThat(upload(KEY, customer, form).statusCode()).isEqualTo(202);
        assertThat(upload(KEY, customer, form).statusCode()).isEqualTo(202);

        assertThat(commandsOf(customer)).hasSize(2).map(c -> ((AddDocument) c.getPayload()).getDocument().getDocumentId())
                .containsOnly(((AddDocument) commandsOf(customer).get(0).getPayload()).getDocument().getDocumentId());
    }

    @Test
    void anUploadRetriedWithItsIdempotencyKeyGetsTheFirstAnswerAndPublishesOnce() throws Exception {
        // given an upload sent with an Idempotency-Key
        final String customer = newCustomer();
        final String key = UUID.randomUUID().toString();
        final HttpResponse<String> first = upload(KEY, customer,
                new Multipart().field("type", "SELFIE").file("file", "me.jpg", "image/jpeg", JPG).bytes(), "Idempotency-Key", key);

        // when the client retries it, its multipart body framed anew (another boundary, another file name)
        final byte[] reframed = new Multipart().field("type", "selfie").file("file", "retry.jpg", "image/jpeg", JPG).bytes();
        final HttpResponse<String> retry = send(KEY, customer, Multipart.CONTENT_TYPE.replace("7MA4", "0000"),
                HttpRequest.BodyPublishers.ofByteArray(new String(reframed, StandardCharsets.ISO_8859_1)
                        .replace(Multipart.BOUNDARY, Multipart.BOUNDARY.replace("7MA4", "0000")).getBytes(StandardCharsets.ISO_8859_1)),
                "Idempotency-Key", key);

        // then it gets the first answer again, and only one command was published
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(data(retry).path("commandId").asText()).isEqualTo(data(first).path("commandId").asText());
        assertThat(commandsOf(customer)).hasSize(1);
    }

    private static HttpResponse<String> upload(final String key, final String customer, final byte[] body,
                                               final String... headers) throws Exception {
        return send(key, customer, Multipart.CONTENT_TYPE, HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    /**
     * Each upload on a connection of its own: Jetty closes a connection after refusing a body it did
     * not read to the end, and a pooled connection closed under the client would fail the next test.
     */
    private static HttpResponse<String> send(final String key, final String customer, final String contentType,
                                             final HttpRequest.BodyPublisher body, final String... headers) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + ingress.port()
                + "/v1/customers/" + customer + "/kyc/documents")).header("x-api-key", key).header("Content-Type", contentType).POST(body);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status line, headers and body of one HTTP/1.1 response with a Content-Length. */
    private static String readResponse(final InputStream in) throws Exception {
        final StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            final int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        final java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
        final byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
        return head + new String(body, StandardCharsets.UTF_8);
    }

    private static List<KycCommand> commandsOf(final String customer) {
        return ingress.readAll(TOPICS.commands()).stream().filter(r -> customer.equals(r.key())).map(r -> r.value()).toList();
    }

    /** Each problem as "code:message". */
    private static List<String> problems(final HttpResponse<String> answer) throws Exception {
        final JsonNode body = Envelope.JSON.readTree(answer.body());
        assertThat(body.path("success").asBoolean(true)).isFalse();
        return java.util.stream.StreamSupport.stream(body.path("errors").spliterator(), false)
                .map(e -> e.path("code").asText() + ":" + e.path("message").asText()).toList();
    }

    private static String newCustomer() {
        return prefix + CUSTOMERS.incrementAndGet();
    }

    /** {@code size} bytes that start with the given hex signature and go on with a pattern. */
    private static byte[] file(final String signatureHex, final int size) {
        final byte[] signature = HexFormat.of().parseHex(signatureHex);
        final byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = i < signature.length ? signature[i] : (byte) (i * 31 + size);
        }
        return bytes;
    }

    private static byte[] fresh(final String signatureHex) {
        return file(signatureHex, 1_000 + FRESH.incrementAndGet());
    }

    private static String sha256(final byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static KycCaseView caseOf(final String customerId) {
        return KycCaseView.newBuilder().setCustomerId(customerId).setTenantId(tenant.id()).setExternalId(customerId)
                .setState(KycState.PENDING_KYC_DATA).setVendor(Vendor.XGATEWAY).setSequence(2)
                .setCreatedAt(Instant.EPOCH).setUpdatedAt(Instant.EPOCH).build();
    }
}
