package org.kycorchestrator.sandbox;

import static org.kycorchestrator.sandbox.SettingsValues.requireText;

import java.nio.charset.StandardCharsets;

/**
 * What an account at one simulated vendor is known by, in each vendor's own terms: the parts its
 * calls present (a key, or HTTP Basic's {@code user:password}) and the secret its callbacks are
 * signed with. {@code toString()} never shows a secret.
 */
public sealed interface SandboxCredentials {

    /** The vendor, as its path prefix and admin routes name it: {@code xgateway}, {@code grid}, {@code paycc}, {@code capa}. */
    String vendor();

    /** The bytes a call of this account presents: compared in constant time with what a request carries. */
    byte[] presented();

    /** xGateway: the {@code x-api-key} of every call, and the secret behind its callbacks' {@code hash}. */
    record XGateway(String apiKey, String secretKey) implements SandboxCredentials {
        public XGateway {
            requireText(apiKey, "apiKey");
            requireText(secretKey, "secretKey");
        }

        @Override
        public String vendor() {
            return "xgateway";
        }

        @Override
        public byte[] presented() {
            return apiKey.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "XGateway[apiKey=***, secretKey=***]";
        }
    }

    /**
     * Lightspark Grid: HTTP Basic with the API token's client id and secret. Its webhook signing key
     * is no credential: the sandbox makes a P-256 key pair per account at every start and publishes
     * the public half, as Grid hands a merchant the public key of its account.
     */
    record Grid(String clientId, String clientSecret) implements SandboxCredentials {
        public Grid {
            requireText(clientId, "clientId");
            requireText(clientSecret, "clientSecret");
            requireNoColon(clientId, "clientId");
        }

        @Override
        public String vendor() {
            return "grid";
        }

        @Override
        public byte[] presented() {
            return (clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Grid[clientId=" + clientId + ", clientSecret=***]";
        }
    }

    /** IPAYMENT Paycc: HTTP Basic, and the merchant code its init calls must carry. Paycc sends no callbacks. */
    record Paycc(String user, String password, String merchantCode) implements SandboxCredentials {
        /** The merchant code's documented maximum length. */
        public static final int MERCHANT_CODE_MAX = 20;

        public Paycc {
            requireText(user, "user");
            requireNoColon(user, "user");
            if (password == null) {
                throw new IllegalArgumentException("password cannot be null");
            }
            requireText(merchantCode, "merchantCode");
            if (merchantCode.length() > MERCHANT_CODE_MAX) {
                throw new IllegalArgumentException("merchantCode must be at most " + MERCHANT_CODE_MAX + " characters");
            }
        }

        @Override
        public String vendor() {
            return "paycc";
        }

        @Override
        public byte[] presented() {
            return (user + ":" + password).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Paycc[user=" + user + ", password=***, merchantCode=" + merchantCode + "]";
        }
    }

    /** Capa: the {@code partner-api-key} of every call, and the secret behind its webhooks' {@code capa-signature}. */
    record Capa(String apiKey, String webhookSecret) implements SandboxCredentials {
        public Capa {
            requireText(apiKey, "apiKey");
            requireText(webhookSecret, "webhookSecret");
        }

        @Override
        public String vendor() {
            return "capa";
        }

        @Override
        public byte[] presented() {
            return apiKey.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Capa[apiKey=***, webhookSecret=***]";
        }
    }

    private static void requireNoColon(final String user, final String name) {
        if (user.indexOf(':') >= 0) {
            // HTTP Basic joins user and password at the first colon, so a user name cannot hold one
            throw new IllegalArgumentException(name + " cannot contain ':'");
        }
    }
}
