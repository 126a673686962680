package org.kycorchestrator.workers.paycc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.providers.FetchStatus;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.ProviderResult;
import org.kycorchestrator.schemas.providers.StatusObserved;
import org.slf4j.LoggerFactory;

/**
 * Paycc's answer to a done KYC is the customer's KYC record: name, masked Aadhaar, date of birth,
 * photo, address and PAN. None of it may leave the adapter: the status it reports carries only the
 * outcome and reason codes, and nothing of it is logged.
 */
class PayccPersonalDataTest {

    private static final List<String> PERSONAL = List.of(PayccRecords.NAME, "Kumar", "Sharma", PayccRecords.AADHAAR, "4321",
            PayccRecords.DOB, PayccRecords.PHOTO, PayccRecords.ADDRESS_LINE, "Jaipur", PayccRecords.PINCODE, PayccRecords.PAN);

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private PayccStub stub;

    @BeforeEach
    void captureEveryLogLine() {
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void stop() {
        root().detachAppender(logs);
        stub.close();
    }

    @Test
    void theStatusOfADoneKycCarriesOnlyTheOutcomeAndTheFaceMatchReason() throws IOException {
        // given Paycc answers a done KYC with the customer's record
        stub = PayccStub.answering(200, PayccRecords.done("true"));
        final PayccAdapter adapter = new PayccAdapter(HttpClient.newHttpClient(), stub.baseUrl(), "u", "p", "MID1", Duration.ofSeconds(5));

        // when its status is fetched
        final StatusObserved status = adapter.fetchStatus(request()).join();

        // then the result holds the outcome and reason codes only
        assertThat(status).isEqualTo(new StatusObserved("SUCCESS", KycState.APPROVED, List.of(), List.of("FACE_MATCH_PASSED"), null, null, null));
        // and no personal value appears in it, in its JSON form, in the record going to Kafka, or in any log line
        final ProviderResult result = ProviderResult.newBuilder().setResultId("r").setRequestId("req").setCustomerId("cust-1")
                .setVendor(Vendor.PAYCC).setObservedAt(Instant.now()).setPayload(status).build();
        final ByteBuffer onTheTopic = ProviderResult.getEncoder().encode(result);
        final String wire = new String(onTheTopic.array(), onTheTopic.arrayOffset(), onTheTopic.remaining(), StandardCharsets.ISO_8859_1);
        final String logged = String.join("\n", logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
        for (final String value : PERSONAL) {
            assertThat(status.toString()).as("the status as JSON").doesNotContain(value);
            assertThat(wire).as("the provider result's Avro bytes").doesNotContain(value);
            assertThat(logged).as("the log").doesNotContain(value);
        }
    }

    private static ProviderRequest request() {
        return ProviderRequest.newBuilder().setRequestId("req").setTenantId("t").setCustomerId("cust-1").setVendor(Vendor.PAYCC)
                .setIssuedAt(Instant.now()).setPayload(new FetchStatus("poll", "KID240826212813188LABCDEFGH")).build();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
