package org.kycorchestrator.sandbox.paycc;

/**
 * The response codes of IPAYMENT's envelope {@code {"code","status","message","data"}}; the enum
 * name is the {@code status} word that goes with each. The docs give no HTTP statuses (the README
 * says which ones the sandbox uses), so a Paycc client must read the code, not the HTTP status.
 */
enum PayccCode {

    SUCCESS("0x0200"),
    UNAUTHORIZED("0x0201"),
    FAILURE("0x0202"),
    MISSING_PARAMETER("0x0203"),
    CONNECTION_TIMEOUT("0x0204"),
    SOMETHING_WENT_WRONG("0x0205"),
    PENDING("0x0206");

    private final String code;

    PayccCode(final String code) {
        this.code = code;
    }

    String code() {
        return code;
    }

    /** The code for an HTTP error that happened outside the Paycc handlers (no such route, a crash). */
    static PayccCode forHttpStatus(final int status) {
        if (status == 401) {
            return UNAUTHORIZED;
        }
        if (status == 504) {
            return CONNECTION_TIMEOUT;
        }
        return status >= 500 ? SOMETHING_WENT_WRONG : FAILURE;
    }
}
