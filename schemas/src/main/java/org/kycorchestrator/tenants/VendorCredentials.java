package org.kycorchestrator.tenants;

import org.kycorchestrator.schemas.Vendor;

/**
 * A tenant's own account at a vendor, with the same parts as the deployment-wide
 * {@code KYC_PROVIDER_<VENDOR>_*} settings. The provider workers call the vendor with them for the
 * tenant's customers, and its callbacks are checked with them. Secrets never show in {@code toString()}.
 */
public sealed interface VendorCredentials {

    Vendor vendor();

    /** xGateway: the {@code x-api-key} we send, and the secret behind its callbacks' {@code hash}. */
    record XGateway(Secret apiKey, Secret callbackSecret) implements VendorCredentials {
        public XGateway {
            required(apiKey, "apiKey");
            required(callbackSecret, "callbackSecret");
        }

        @Override
        public Vendor vendor() {
            return Vendor.XGATEWAY;
        }
    }

    /** Lightspark Grid: HTTP Basic with the API token's id and secret, and the PEM key its webhooks verify with. */
    record Grid(String clientId, Secret clientSecret, String webhookPublicKey) implements VendorCredentials {
        public Grid {
            required(clientId, "clientId");
            required(clientSecret, "clientSecret");
            if (webhookPublicKey != null) {
                try {
                    P256PublicKey.fromPem(webhookPublicKey);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("webhookPublicKey must be a PEM P-256 public key (-----BEGIN PUBLIC KEY-----)");
                }
            }
        }

        @Override
        public Vendor vendor() {
            return Vendor.GRID;
        }
    }

    /** IPAYMENT Paycc: HTTP Basic, and the merchant code of every init call. */
    record Paycc(String user, Secret password, String merchantCode) implements VendorCredentials {
        static final int MAX_MERCHANT_CODE = 20;

        public Paycc {
            required(user, "user");
            required(password, "password");
            required(merchantCode, "merchantCode");
            if (merchantCode.length() > MAX_MERCHANT_CODE) {
                throw new IllegalArgumentException("merchantCode must be at most " + MAX_MERCHANT_CODE + " characters");
            }
        }

        @Override
        public Vendor vendor() {
            return Vendor.PAYCC;
        }
    }

    /** Capa: the {@code partner-api-key} we send, and the secret behind its {@code capa-signature}. */
    record Capa(Secret apiKey, Secret webhookSecret) implements VendorCredentials {
        public Capa {
            required(apiKey, "apiKey");
            required(webhookSecret, "webhookSecret");
        }

        @Override
        public Vendor vendor() {
            return Vendor.CAPA;
        }
    }

    private static void required(final Object value, final String field) {
        if (value == null || value instanceof Secret secret && secret.value().isBlank()
                || value instanceof String text && text.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }
}
