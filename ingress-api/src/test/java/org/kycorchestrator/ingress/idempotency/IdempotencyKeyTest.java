package org.kycorchestrator.ingress.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdempotencyKeyTest {

    @ParameterizedTest(name = "\"{0}\" is a well-formed key: {1}")
    @CsvSource(value = {
            "3f1c9e2a-6b7d-4c1e-9a0b-2d4f6e8a0c1e, true",
            "a,                                    true",
            "order-42/retry#1!~,                   true",
            "EMPTY,                                false",
            "has space,                            false",
            "tab\\there,                            false",
            "clé,                                  false",
            "new\\nline,                            false",
            "NULL,                                 false",
    }, nullValues = "NULL")
    void aKeyIsOneTo255VisibleAsciiCharacters(final String key, final boolean wellFormed) {
        final String value = "EMPTY".equals(key) ? "" : key == null ? null : key.replace("\\t", "\t").replace("\\n", "\n");

        assertThat(IdempotencyKey.isWellFormed(value)).isEqualTo(wellFormed);
    }

    @Test
    void aKeyOf255CharactersIsTheLongest() {
        assertThat(IdempotencyKey.isWellFormed("k".repeat(255))).isTrue();
        assertThat(IdempotencyKey.isWellFormed("k".repeat(256))).isFalse();
        assertThatThrownBy(() -> new IdempotencyKey("tenant", "k".repeat(256))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCommandIdIsTheSameForEveryRetryOfARequestAndNoOtherRequest() {
        final IdempotencyKey key = new IdempotencyKey("acme", "order-42");

        // the same tenant, key and request give the same command id, on any instance, at any time
        assertThat(key.commandId("fingerprint-1")).isEqualTo(new IdempotencyKey("acme", "order-42").commandId("fingerprint-1"));
        // another tenant's key, another key, or another request give another one
        assertThat(key.commandId("fingerprint-1"))
                .isNotEqualTo(new IdempotencyKey("globex", "order-42").commandId("fingerprint-1"))
                .isNotEqualTo(new IdempotencyKey("acme", "order-43").commandId("fingerprint-1"))
                .isNotEqualTo(key.commandId("fingerprint-2"));
    }

    @Test
    void everyTenantHasItsOwnKeys() {
        assertThat(new IdempotencyKey("acme", "order-42").recordKey()).isEqualTo("acme order-42")
                .isNotEqualTo(new IdempotencyKey("globex", "order-42").recordKey());
    }
}
