package org.kycorchestrator.emitter.delivery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Reads an endpoint's answer: its status, its {@code Retry-After} on a 429 or 503, and its body up to
 * {@value WebhookSender#MAX_RESPONSE_BYTES} bytes, of which the first {@value #KEPT_BYTES} are kept
 * as text. A longer body completes the answer with what was read and then drops the connection, so
 * an endpoint cannot make us read without end.
 *
 * <p>The I/O thread fills it while a timeout may ask {@link #soFar()} from another thread, hence the
 * locking.
 */
final class CappedResponse extends AbstractBinResponseConsumer<AttemptOutcome> {

    /** How much of a body is kept for the delivery log. */
    static final int KEPT_BYTES = 4 * 1024;

    private final CompletableFuture<AttemptOutcome> answer;
    private final Clock clock;
    private final byte[] kept = new byte[KEPT_BYTES];
    private int keptLength;
    private long read;
    private int statusCode;
    private Duration retryAfter;
    private Charset charset = StandardCharsets.UTF_8;

    CappedResponse(final CompletableFuture<AttemptOutcome> answer, final Clock clock) {
        this.answer = answer;
        this.clock = clock;
    }

    /** The answer as far as it arrived, or empty if not even its status did. */
    synchronized Optional<AttemptOutcome> soFar() {
        return statusCode == 0 ? Optional.empty() : Optional.of(outcome());
    }

    @Override
    protected synchronized void start(final HttpResponse response, final ContentType contentType) {
        statusCode = response.getCode();
        if (RetryAfter.appliesTo(statusCode)) {
            final Header header = response.getFirstHeader("Retry-After");
            retryAfter = header == null ? null : RetryAfter.parse(header.getValue(), clock.instant()).orElse(null);
        }
        if (contentType != null && contentType.getCharset() != null) {
            charset = contentType.getCharset();
        }
    }

    @Override
    protected int capacityIncrement() {
        return 8192;
    }

    @Override
    protected synchronized void data(final ByteBuffer src, final boolean endOfStream) throws IOException {
        final int available = src.remaining();
        final int wanted = (int) Math.min(available, WebhookSender.MAX_RESPONSE_BYTES - read);
        final int keep = Math.min(wanted, KEPT_BYTES - keptLength);
        src.get(kept, keptLength, keep);
        keptLength += keep;
        read += wanted;
        src.position(src.limit());
        if (available > wanted) {
            // Answer with what was read; dropping the connection then fails an exchange already answered.
            answer.complete(outcome());
            throw new IOException("the response body is longer than " + WebhookSender.MAX_RESPONSE_BYTES + " bytes");
        }
    }

    @Override
    protected synchronized AttemptOutcome buildResult() {
        return outcome();
    }

    @Override
    public void releaseResources() {
        // nothing is held but the kept bytes, which the outcome has copied
    }

    private AttemptOutcome outcome() {
        return AttemptOutcome.answered(statusCode, retryAfter, keptLength == 0 ? null : text(kept, keptLength, charset));
    }

    /** The bytes as text; a character cut in two at the end is left out rather than garbled. */
    static String text(final byte[] bytes, final int length, final Charset charset) {
        final CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        final CharBuffer chars = CharBuffer.allocate((int) Math.ceil(length * (double) decoder.maxCharsPerByte()) + 1);
        decoder.decode(ByteBuffer.wrap(bytes, 0, length), chars, false);
        return chars.flip().toString();
    }
}
