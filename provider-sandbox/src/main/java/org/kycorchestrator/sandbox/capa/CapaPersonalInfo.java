package org.kycorchestrator.sandbox.capa;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The {@code personalInfo} of a link request, kept to be shown back as the details'
 * {@code clientReferenceData}. Personal data: {@link #toString()} never shows it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"profession", "phoneNumber", "birthCountry", "taxId"})
record CapaPersonalInfo(String profession, String phoneNumber, String birthCountry, String taxId) {

    @Override
    public String toString() {
        return "CapaPersonalInfo[redacted]";
    }
}
