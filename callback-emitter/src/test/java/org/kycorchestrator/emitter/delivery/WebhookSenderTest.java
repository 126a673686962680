package org.kycorchestrator.emitter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.emitter.WebhookReceiver;
import org.kycorchestrator.emitter.WebhookReceiver.Answer;
import org.kycorchestrator.emitter.signing.WebhookSigner;
import org.kycorchestrator.webhooks.AddressPolicy;

/** What the sender keeps of an answer, against a real HTTP server. */
class WebhookSenderTest {

    private static final WebhookSigner SIGNER = WebhookSigner.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final OutgoingWebhook MESSAGE = new OutgoingWebhook("evt-1", "{\"id\":\"evt-1\"}");
    private static final AddressPolicy LOCAL = AddressPolicy.of(true, false);

    private WebhookReceiver receiver;
    private WebhookSender sender;

    @BeforeEach
    void start() {
        receiver = WebhookReceiver.start();
        sender = WebhookSender.create(LOCAL, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        sender.close();
        receiver.close();
    }

    @Test
    void connectsWithinFiveSecondsAndGivesAnAttemptFifteenInAll() {
        assertThat(WebhookSender.CONNECT_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
        assertThat(WebhookSender.REQUEST_TIMEOUT).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void theFirstFourKilobytesOfTheBodyAreKeptAsTextWithoutAHalfCharacterAtTheEnd() throws Exception {
        // given: 'x' then two-byte characters, so the 4096th byte is the first half of one
        final String body = "x" + "é".repeat(3000);
        receiver.answer("/kept", Answer.withBody(400, body.getBytes(StandardCharsets.UTF_8)));

        // when
        final AttemptOutcome outcome = send(receiver.url("/kept"));

        // then
        assertThat(outcome.statusCode()).isEqualTo(400);
        assertThat(outcome.responseBody()).isEqualTo("x" + "é".repeat(2047));
    }

    @Test
    void anAnswerWithoutABodyKeepsNone() throws Exception {
        // when
        final AttemptOutcome outcome = send(receiver.url("/empty"));

        // then
        assertThat(outcome).isEqualTo(AttemptOutcome.answered(200));
        assertThat(outcome.responseBody()).isNull();
    }

    @Test
    void anEndlessBodyIsAnsweredWithItsStatusAndTheConnectionIsDroppedAfterTheCap() throws Exception {
        // given: an endpoint that answers 200 and then streams its body for ever
        try (EndlessBody endpoint = EndlessBody.start()) {

            // when
            final AttemptOutcome outcome = send("http://127.0.0.1:" + endpoint.port() + "/endless");

            // then
            assertThat(outcome.statusCode()).isEqualTo(200);
            assertThat(outcome.responseBody()).hasSize(4096).containsOnlyOnce("chunk-0:");
            await().atMost(Duration.ofSeconds(10)).untilTrue(endpoint.dropped);
        }
    }

    private AttemptOutcome send(final String url) throws Exception {
        return sender.send(MESSAGE, new WebhookTarget("ep-1", url, SIGNER)).get(10, TimeUnit.SECONDS);
    }

    /** A raw HTTP server that answers one request with a chunked body that never ends. */
    private static final class EndlessBody implements AutoCloseable {

        private final ServerSocket listener;
        private final AtomicBoolean dropped = new AtomicBoolean();

        private EndlessBody(final ServerSocket listener) {
            this.listener = listener;
        }

        static EndlessBody start() throws IOException {
            final ServerSocket listener = new ServerSocket();
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            final EndlessBody server = new EndlessBody(listener);
            final Thread thread = new Thread(server::serve, "endless-body");
            thread.setDaemon(true);
            thread.start();
            return server;
        }

        int port() {
            return listener.getLocalPort();
        }

        private void serve() {
            try (Socket socket = listener.accept()) {
                readHead(socket.getInputStream());
                final OutputStream out = socket.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                final byte[] filler = new byte[8192];
                Arrays.fill(filler, (byte) 'a');
                for (long chunk = 0; ; chunk++) {
                    final byte[] data = ("chunk-" + chunk + ":" + new String(filler, StandardCharsets.US_ASCII))
                            .getBytes(StandardCharsets.US_ASCII);
                    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(data);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                dropped.set(true);
            }
        }

        private static void readHead(final InputStream in) throws IOException {
            int matched = 0;
            final byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            while (matched < end.length) {
                final int b = in.read();
                if (b < 0) {
                    throw new IOException("the request ended early");
                }
                matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
