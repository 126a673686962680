package org.kycorchestrator.orchestrator.cases;

/** Our error code for a vendor's refusal: bad data is the merchant's to fix, an outage is not. */
final class VendorCodes {

    private VendorCodes() {
    }

    static String ours(final int vendorHttpStatus) {
        if (vendorHttpStatus >= 500 || vendorHttpStatus == 0) {
            return "bad_gateway";
        }
        return switch (vendorHttpStatus) {
            case 404 -> "not_found";
            case 409 -> "conflict";
            case 412 -> "precondition_failed";
            case 429 -> "too_many_requests";
            case 501 -> "not_implemented";
            default -> "unprocessable_content";
        };
    }
}
