package org.kycorchestrator.workers.callbacks;

import java.util.Map;
import java.util.Optional;

import org.kycorchestrator.schemas.Vendor;

/** Checks a vendor's callback as the vendor documents it, and reads who it is about. */
public interface VendorCallbackVerifier {

    Vendor vendor();

    /**
     * @param headers the request headers, names in lower case
     * @param body the raw body
     * @return the trigger, or empty when the callback is not authentic or not readable
     */
    Optional<CallbackTrigger> verify(Map<String, String> headers, byte[] body);
}
