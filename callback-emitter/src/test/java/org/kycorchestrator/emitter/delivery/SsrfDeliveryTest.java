package org.kycorchestrator.emitter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.emitter.WebhookReceiver;
import org.kycorchestrator.emitter.signing.WebhookSigner;
import org.kycorchestrator.webhooks.AddressPolicy;

/**
 * The sender dials only what the policy allowed, and only the address it checked. No DNS is
 * reachable here, so a scripted resolver stands in for it: the name {@code merchant.example} exists
 * only in that script, which proves the client asked nobody else.
 */
class SsrfDeliveryTest {

    private static final WebhookSigner SIGNER = WebhookSigner.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final OutgoingWebhook MESSAGE = new OutgoingWebhook("evt-1", "{\"id\":\"evt-1\"}");
    private static final AddressPolicy PRODUCTION_OVER_HTTP = AddressPolicy.of(false, false);
    private static final AddressPolicy LOCAL = AddressPolicy.of(true, false);

    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private ServerSocket listener;
    private WebhookReceiver receiver;
    private WebhookSender sender;

    @BeforeEach
    void start() throws Exception {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
        listener.setSoTimeout(300);
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (sender != null) {
            sender.close();
        }
        receiver.close();
        listener.close();
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefusedAtConnectTimeAndNothingIsDialled() throws Exception {
        // given
        sender = sender(PRODUCTION_OVER_HTTP, "127.0.0.1");

        // when
        final AttemptOutcome outcome = send("http://merchant.example:" + listener.getLocalPort() + "/kyc");

        // then
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.failure()).contains("merchant.example resolves to 127.0.0.1, a loopback address");
        assertThat(lookups).containsExactly("merchant.example");
        assertThatThrownBy(listener::accept).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void aNameThatResolvesToTheMetadataAddressIsRefusedEvenWhenPrivateAddressesAreAllowed() throws Exception {
        // given
        sender = sender(LOCAL, "169.254.169.254");

        // when
        final AttemptOutcome outcome = send("http://merchant.example/latest/meta-data");

        // then
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.failure()).contains("a cloud metadata address");
    }

    @Test
    void oneForbiddenAddressAmongTheAnswersRefusesTheName() throws Exception {
        // given
        sender = sender(PRODUCTION_OVER_HTTP, "93.184.215.14", "10.0.0.7");

        // when
        final AttemptOutcome outcome = send("http://merchant.example:" + listener.getLocalPort() + "/kyc");

        // then
        assertThat(outcome.failure()).contains("10.0.0.7, a private address");
    }

    @Test
    void theCheckedAddressIsTheOneDialledAndTheHostHeaderKeepsTheName() throws Exception {
        // given
        sender = sender(LOCAL, "127.0.0.1");
        final int port = Integer.parseInt(receiver.url("").replaceAll(".*:", ""));

        // when
        final AttemptOutcome outcome = send("http://merchant.example:" + port + "/kyc");

        // then
        assertThat(outcome).isEqualTo(AttemptOutcome.answered(200));
        assertThat(lookups).containsExactly("merchant.example");
        assertThat(receiver.requestsTo("/kyc")).singleElement()
                .satisfies(request -> assertThat(request.header("Host")).isEqualTo("merchant.example:" + port));
    }

    @Test
    void aForbiddenAddressSpelledInTheUrlIsRefusedBeforeAnyLookup() throws Exception {
        // given
        sender = sender(PRODUCTION_OVER_HTTP, "93.184.215.14");

        // when
        final AttemptOutcome outcome = send("http://0x7f.1:" + listener.getLocalPort() + "/kyc");

        // then
        assertThat(outcome.failure()).contains("the endpoint URL is refused").contains("loopback");
        assertThat(lookups).isEmpty();
        assertThatThrownBy(listener::accept).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void productionRefusesPlainHttp() throws Exception {
        // given
        sender = sender(AddressPolicy.of(false, true), "93.184.215.14");

        // when
        final AttemptOutcome outcome = send("http://merchant.example/kyc");

        // then
        assertThat(outcome.failure()).contains("must use https");
        assertThat(lookups).isEmpty();
    }

    private WebhookSender sender(final AddressPolicy policy, final String... answers) {
        final HostResolver resolver = host -> {
            lookups.add(host);
            if (!host.equals("merchant.example")) {
                throw new UnknownHostException(host);
            }
            final InetAddress[] addresses = new InetAddress[answers.length];
            for (int i = 0; i < answers.length; i++) {
                addresses[i] = InetAddress.getByName(answers[i]);
            }
            return addresses;
        };
        return new WebhookSender(WebhookSender.httpClient(policy, resolver), policy, Clock.systemUTC());
    }

    private AttemptOutcome send(final String url) throws Exception {
        return sender.send(MESSAGE, new WebhookTarget("ep-1", url, SIGNER)).get(10, TimeUnit.SECONDS);
    }
}
